import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react'
import { z } from 'zod'
import { useAppSelector } from '../../app/store'
import { useData } from '../../data/dataContext'
import type { SyncController } from '../../data/sync/syncController'
import { createSendingApi, type SendingSettingsAnswer } from './sendingApi'

// Whether this workspace can send and as whom, for campaign readiness and the template's sender
// picker. Fetched once per workspace and shared by every component using it; the last answer is
// kept in localStorage so it still holds offline.

export interface SendingSettingsState {
  status: 'signed-out' | 'loading' | 'ready' | 'offline' | 'error'
  configured: boolean | null
  mode: 'sink' | 'smtp' | null
  fromIdentities: { name: string; email: string }[]
  canEdit: boolean
  error?: string
  reload(): void
}

type Snapshot = Omit<SendingSettingsState, 'reload' | 'canEdit'> & { canEdit: boolean | null }

const cachedSchema = z.object({
  configured: z.boolean(),
  mode: z.enum(['sink', 'smtp']),
  fromIdentities: z.array(z.object({ name: z.string(), email: z.string() })),
  canEdit: z.boolean(),
})

const CACHE_PREFIX = 'outpost.sendingSettings.'
const SIGNED_OUT: Snapshot = { status: 'signed-out', configured: null, mode: null, fromIdentities: [], canEdit: false }

function readCache(workspaceId: string): z.infer<typeof cachedSchema> | null {
  try {
    const text = window.localStorage.getItem(CACHE_PREFIX + workspaceId)
    if (!text) return null
    const parsed = cachedSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function writeCache(workspaceId: string, answer: SendingSettingsAnswer): void {
  const cached: z.infer<typeof cachedSchema> = {
    configured: answer.configured,
    mode: answer.mode,
    fromIdentities: answer.settings.fromIdentities,
    canEdit: answer.canEdit,
  }
  try {
    window.localStorage.setItem(CACHE_PREFIX + workspaceId, JSON.stringify(cached))
  } catch {
    // Storage full or unavailable: the settings still work until the window closes.
  }
}

/** One workspace's sending settings as every hook user sees them. */
class SendingSettingsEntry {
  private snapshot: Snapshot
  private readonly listeners = new Set<() => void>()
  private loading: Promise<void> | null = null
  private loaded = false

  constructor(
    private readonly sync: SyncController,
    private readonly workspaceId: string,
  ) {
    const cached = readCache(workspaceId)
    this.snapshot = cached ? { status: 'loading', ...cached } : { status: 'loading', configured: null, mode: null, fromIdentities: [], canEdit: null }
  }

  getSnapshot = (): Snapshot => this.snapshot

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  ensureLoaded(): void {
    if (!this.loaded) void this.load()
  }

  load(): Promise<void> {
    this.loading ??= this.fetch().finally(() => {
      this.loading = null
    })
    return this.loading
  }

  /** A fresh answer from elsewhere (Settings → Sending saved). */
  accept(answer: SendingSettingsAnswer): void {
    this.loaded = true
    writeCache(this.workspaceId, answer)
    this.publish({ status: 'ready', configured: answer.configured, mode: answer.mode, fromIdentities: answer.settings.fromIdentities, canEdit: answer.canEdit })
  }

  private async fetch(): Promise<void> {
    this.loaded = true
    const answer = await createSendingApi((request) => this.sync.requestWorkspace(request)).getSettings()
    if (answer.ok) {
      this.accept(answer.value)
      return
    }
    const failure = answer.error
    const { error: _previousError, ...previous } = this.snapshot
    if (failure.kind === 'network') this.publish({ ...previous, status: 'offline' })
    else this.publish({ ...previous, status: 'error', error: failure.message })
  }

  private publish(snapshot: Snapshot): void {
    this.snapshot = snapshot
    for (const listener of this.listeners) listener()
  }
}

const entries = new WeakMap<SyncController, Map<string, SendingSettingsEntry>>()

/** The shared entry of a workspace (Settings → Sending pushes its saves here). */
export function sendingSettingsEntry(sync: SyncController, workspaceId: string): SendingSettingsEntry {
  let byWorkspace = entries.get(sync)
  if (!byWorkspace) {
    byWorkspace = new Map()
    entries.set(sync, byWorkspace)
  }
  let entry = byWorkspace.get(workspaceId)
  if (!entry) {
    entry = new SendingSettingsEntry(sync, workspaceId)
    byWorkspace.set(workspaceId, entry)
  }
  return entry
}

const subscribeNothing = () => () => undefined
const signedOutSnapshot = () => SIGNED_OUT

export function useSendingSettings(): SendingSettingsState {
  const { sync } = useData()
  const account = useAppSelector((state) => state.sync.account)
  const workspaceId = account?.workspaceId ?? null
  const role = account?.workspaces.find((workspace) => workspace.id === workspaceId)?.role
  const entry = useMemo(() => (workspaceId ? sendingSettingsEntry(sync, workspaceId) : null), [sync, workspaceId])
  const snapshot = useSyncExternalStore(entry?.subscribe ?? subscribeNothing, entry?.getSnapshot ?? signedOutSnapshot)
  useEffect(() => entry?.ensureLoaded(), [entry])
  const reload = useCallback(() => void entry?.load(), [entry])
  // Before the server answers, the role this device knows decides.
  const canEdit = snapshot.canEdit ?? (role === 'owner' || role === 'admin')
  return useMemo(() => ({ ...snapshot, canEdit, reload }), [snapshot, canEdit, reload])
}
