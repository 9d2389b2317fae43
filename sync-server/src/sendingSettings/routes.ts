import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { canPerform } from '@core/workspace/roles'
import { authenticateWorkspace, type WorkspaceCaller } from '../auth/session'
import { ApiError, notFound } from '../http/errors'
import { parseBody } from '../http/validate'
import type { StoragePort } from '../storage/port'
import type { WorkspaceSendingConfigSource } from './configSource'
import { applySettingsUpdate, parseSendingSettingsBody, publicSendingSettings } from './sendingSettings'
import type { LoadedSendingSettings } from './sendingSettingsRepository'
import { sendTestEmail } from './testEmail'

// Settings → Sending and Settings → Outbox. Any member reads the settings (the app needs the
// sender identities and whether sending works; never a secret); owners and admins change them,
// send test mail and clear the outbox. Another workspace is 404, as everywhere.

export interface SendingSettingsRouteOptions {
  storage: StoragePort
  source: WorkspaceSendingConfigSource
  now: () => number
}

const DEFAULT_OUTBOX_PAGE = 100
const MAX_OUTBOX_PAGE = 1_000

const testBody = z.strictObject({
  to: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ message: 'enter a valid email address' })),
})
const outboxQuery = z.object({ limit: z.coerce.number().int().min(1).max(MAX_OUTBOX_PAGE).default(DEFAULT_OUTBOX_PAGE) })
const MESSAGE_ID = /^[A-Za-z0-9]{1,26}$/

function requireAdmin(caller: WorkspaceCaller): void {
  if (!canPerform(caller.role, 'sending-settings:update')) {
    throw new ApiError('forbidden', `only owners and admins change sending settings (your role: ${caller.role})`)
  }
}

export function registerSendingSettingsRoutes(app: FastifyInstance, options: SendingSettingsRouteOptions): void {
  const { storage, source, now } = options

  async function settingsAnswer(caller: WorkspaceCaller, loaded: LoadedSendingSettings | null) {
    const route = await source.describe(caller.workspaceId)
    return {
      configured: route.configured,
      mode: route.mode,
      source: route.source,
      canEdit: canPerform(caller.role, 'sending-settings:update'),
      problem: loaded?.secretsUnreadable
        ? 'The saved SMTP password and DKIM key cannot be decrypted on this server (was OUTPOST_SECRET changed?): enter them again.'
        : null,
      settings: publicSendingSettings(loaded, loaded?.updatedAt ?? null),
    }
  }

  app.get('/api/sending/settings', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    return settingsAnswer(caller, await source.settings.load(caller.workspaceId))
  })

  app.put('/api/sending/settings', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    requireAdmin(caller)
    const body = parseSendingSettingsBody(request.body)
    if (!body.ok) throw fieldError(body.error.field, body.error.message)
    const current = await source.settings.load(caller.workspaceId)
    const next = applySettingsUpdate(current, body.value)
    if (!next.ok) throw fieldError(next.error.field, next.error.message)
    const at = now()
    if (!(await source.settings.save(caller.workspaceId, next.value, at, caller.user.id))) throw notFound('workspace not found')
    return settingsAnswer(caller, await source.settings.load(caller.workspaceId))
  })

  app.post('/api/sending/test', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    requireAdmin(caller)
    const { to } = parseBody(testBody, request.body)
    const route = await source.describe(caller.workspaceId)
    let config
    try {
      config = await source.forWorkspace(caller.workspaceId)
    } catch (error) {
      return { ok: false, mode: route.mode, error: error instanceof Error ? error.message : 'sending is not configured' }
    }
    const sent = await sendTestEmail(config, caller.workspaceId, to)
    return sent.ok ? { ok: true, mode: route.mode, messageId: sent.value.messageId } : { ok: false, mode: route.mode, error: sent.error }
  })

  app.get('/api/sending/outbox', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const { limit } = parseBody(outboxQuery, request.query)
    const messages = await storage.settings.listOutboxMessages(caller.workspaceId, limit)
    return { messages: messages.map(({ id, receivedAt, from, to, subject }) => ({ id, receivedAt, from, to, subject })) }
  })

  app.get('/api/sending/outbox/:id', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const { id } = request.params as { id: string }
    const message = MESSAGE_ID.test(id) ? await storage.settings.getOutboxMessage(caller.workspaceId, id) : null
    if (message === null) throw notFound('message not found')
    const { workspaceId: _workspaceId, ...visible } = message
    return { message: visible }
  })

  app.delete('/api/sending/outbox', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    requireAdmin(caller)
    return { deleted: await storage.settings.clearOutbox(caller.workspaceId) }
  })
}

function fieldError(field: string, message: string): ApiError {
  return new ApiError('invalid_request', `${field}: ${message}`, { field })
}
