import { z } from 'zod'

// The one truth for main <-> renderer messages: main validates with these schemas,
// the preload allows only these channel names, the renderer gets its types from here.
// New features (token storage, dialogs, notifications) add an entry to a map below.

export const menuCommandSchema = z.enum([
  'new-contact',
  'new-company',
  'search',
  'command-palette',
  'go-contacts',
  'go-companies',
  'go-settings',
  'go-import',
  'sync-now',
  'new-task',
])

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
})

export const openExternalResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
])

/** Success, or a sentence for the user. */
export const actionResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string().max(500) }),
])

/** A renderer hash route ("#/contacts/<id>"): where a notification click or a deep link takes the user. */
export const appRouteSchema = z
  .string()
  .max(300)
  .regex(/^#\/[0-9A-Za-z/_-]*$/, 'route must be an app hash route such as #/contacts/<id>')

export const updateStateSchema = z.enum(['idle', 'disabled', 'checking', 'available', 'not-available', 'downloading', 'downloaded', 'error'])

/** Where auto-update stands ('disabled': a development build, which never checks). */
export const updateStatusSchema = z.strictObject({
  state: updateStateSchema,
  version: z.string().max(100).optional(),
  percent: z.number().min(0).max(100).optional(),
  /** Set with 'error': what went wrong, in words for the user. */
  message: z.string().max(500).optional(),
  /** The user asked (menu or button): the UI says "up to date" and explains errors; a start-up check stays quiet. */
  userInitiated: z.boolean(),
})

/** The renderer's sync phases (src/renderer/src/app/syncStatus.ts), for the tray. */
export const syncPhaseSchema = z.enum(['local-only', 'offline', 'syncing', 'synced', 'error'])

export const workspaceRoleSchema = z.enum(['owner', 'admin', 'member'])

/** A signed-in sync session. The token stays in main (encrypted at rest) and the renderer's memory only. */
export const syncSessionSchema = z.strictObject({
  serverUrl: z
    .string()
    .min(1)
    .max(2048)
    .refine((url) => /^https?:\/\/[^\s]+$/.test(url), 'serverUrl must be an http(s) URL'),
  token: z.string().min(1).max(4096),
  user: z.strictObject({ id: z.string().min(1).max(64), email: z.string().max(254), name: z.string().max(200) }),
  /** The workspace this device works in; the local database follows it. */
  workspaceId: z.string().min(1).max(64),
  /** Every workspace of the user, cached so the switcher works offline. */
  workspaces: z.array(z.strictObject({ id: z.string().min(1).max(64), name: z.string().max(200), role: workspaceRoleSchema })).max(1000),
})

/** `persisted`: whether a session survives a restart here (false: no OS keyring, kept in memory only). */
export const sessionStateSchema = z.strictObject({ session: syncSessionSchema.nullable(), persisted: z.boolean() })

/** Renderer -> main, request/response (ipcRenderer.invoke / ipcMain.handle). */
export const invokeContract = {
  'app:get-info': {
    request: z.undefined(),
    response: appInfoSchema,
  },
  'shell:open-external': {
    // Length cap keeps a hostile page from handing main a multi-megabyte string to parse.
    request: z.strictObject({ url: z.string().min(1).max(2048) }),
    response: openExternalResultSchema,
  },
  'session:get': {
    request: z.undefined(),
    response: sessionStateSchema,
  },
  'session:set': {
    request: syncSessionSchema,
    response: z.strictObject({ persisted: z.boolean() }),
  },
  'session:clear': {
    request: z.undefined(),
    response: z.strictObject({ ok: z.literal(true) }),
  },
  'clipboard:write-text': {
    // Invite codes and the like: short text only.
    request: z.strictObject({ text: z.string().max(10_000) }),
    response: z.strictObject({ ok: z.literal(true) }),
  },
  // The renderer listens now; main answers with the deep link or tray command that arrived before it did.
  'app:renderer-ready': {
    request: z.undefined(),
    response: z.strictObject({ route: appRouteSchema.nullable(), command: menuCommandSchema.nullable() }),
  },
  'update:get-status': {
    request: z.undefined(),
    response: updateStatusSchema,
  },
  'update:check': {
    request: z.undefined(),
    response: actionResultSchema,
  },
  'update:install': {
    request: z.undefined(),
    response: actionResultSchema,
  },
  'desktop:sync-state': {
    request: z.strictObject({ phase: syncPhaseSchema, label: z.string().max(200) }),
    response: z.strictObject({ ok: z.literal(true) }),
  },
  'desktop:notify': {
    request: z.strictObject({ title: z.string().min(1).max(100), body: z.string().max(300), route: appRouteSchema.optional() }),
    response: z.strictObject({ shown: z.boolean() }),
  },
  'desktop:badge': {
    request: z.strictObject({ count: z.number().int().min(0).max(1_000_000) }),
    response: z.strictObject({ ok: z.literal(true) }),
  },
} as const

/** Main -> renderer, fire-and-forget (webContents.send / ipcRenderer.on). */
export const eventContract = {
  'menu:command': z.strictObject({ command: menuCommandSchema }),
  'update:status': updateStatusSchema,
  /** Go to this route (a deep link or a notification click); main has focused the window already. */
  'app:navigate': z.strictObject({ route: appRouteSchema }),
} as const

export type InvokeChannel = keyof typeof invokeContract
export type EventChannel = keyof typeof eventContract

export type InvokeRequest<C extends InvokeChannel> = z.infer<(typeof invokeContract)[C]['request']>
export type InvokeResponse<C extends InvokeChannel> = z.infer<(typeof invokeContract)[C]['response']>
export type EventPayload<C extends EventChannel> = z.infer<(typeof eventContract)[C]>

export type MenuCommand = z.infer<typeof menuCommandSchema>
export type AppInfo = z.infer<typeof appInfoSchema>
export type OpenExternalResult = z.infer<typeof openExternalResultSchema>
export type ActionResult = z.infer<typeof actionResultSchema>
export type UpdateStatus = z.infer<typeof updateStatusSchema>
export type UpdateState = z.infer<typeof updateStateSchema>
export type SyncPhase = z.infer<typeof syncPhaseSchema>
export type DesktopNotification = InvokeRequest<'desktop:notify'>
export type SyncSession = z.infer<typeof syncSessionSchema>
export type SessionState = z.infer<typeof sessionStateSchema>
export type WorkspaceRole = z.infer<typeof workspaceRoleSchema>

/** Channels whose request is `undefined` may be invoked without a payload argument. */
export type InvokeArgs<C extends InvokeChannel> = undefined extends InvokeRequest<C>
  ? [payload?: InvokeRequest<C>]
  : [payload: InvokeRequest<C>]

/** What the preload exposes as `window.outpost`; nothing else crosses the bridge. */
export interface OutpostBridge {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResponse<C>>
  /** Subscribes to a main -> renderer event; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void
}

export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[]
export const eventChannels = Object.keys(eventContract) as EventChannel[]

// Own-property checks: a channel named "toString" or "__proto__" must not pass as a contract entry.
export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeContract, channel)
}

export function isEventChannel(channel: unknown): channel is EventChannel {
  return typeof channel === 'string' && Object.hasOwn(eventContract, channel)
}
