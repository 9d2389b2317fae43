import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import { auditReportSchema } from '@core/privacy/audit'
import type { ContactServerHistory } from '@core/privacy/contactExport'
import { erasedDocument, type ErasedCollection } from '@core/privacy/erasure'
import { isErased } from '@core/sync/erased'
import type { SyncedDoc } from '@core/sync/syncedDoc'
import { canPerform } from '@core/workspace/roles'
import { authenticateWorkspace, type WorkspaceCaller } from '../auth/session'
import { ApiError, notFound } from '../http/errors'
import { parseBody } from '../http/validate'
import type { DocumentWrite, StoragePort } from '../storage/port'
import { UnknownWorkspaceError } from '../storage/port'
import type { AuditCursor, AuditEntry, ErasureTargets, ErasureWrites } from '../storage/privacyStore'

// Privacy tools (issue 6, part 8). Every route is scoped to the caller's workspace: a contact of
// another workspace is 404, as everywhere.
// GET  /api/privacy/contacts/:id        any member: the server's history of one contact (audited)
// POST /api/privacy/contacts/:id/erase  owners and admins: erase it everywhere (audited)
// POST /api/audit                       any member: report exports made on a device
// GET  /api/audit                       owners and admins: the audit log, newest first

export interface PrivacyRouteOptions {
  storage: StoragePort
  now: () => number
  /** The server's HLC: erased tombstones get stamps after every stamp they replace. */
  clock: HlcClock
}

const DEFAULT_AUDIT_PAGE = 50
const MAX_AUDIT_PAGE = 200

const contactParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9]{1,26}$/) })
const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(DEFAULT_AUDIT_PAGE),
  before: z
    .string()
    .regex(/^\d{1,16}\.[A-Za-z0-9]{1,26}$/, 'before must be the `next` cursor of a previous page')
    .optional(),
})

function parseCursor(text: string | undefined): AuditCursor | null {
  if (text === undefined) return null
  const [recordedAt, id] = text.split('.')
  return { recordedAt: Number(recordedAt), id: id ?? '' }
}

function publicEntry(entry: AuditEntry) {
  const { workspaceId: _workspaceId, ...visible } = entry
  return visible
}

export function registerPrivacyRoutes(app: FastifyInstance, options: PrivacyRouteOptions): void {
  const { storage, now, clock } = options

  const auditOf = (caller: WorkspaceCaller, kind: AuditEntry['kind'], subject: string, rowCount: number | null): AuditEntry => {
    const at = now()
    return { workspaceId: caller.workspaceId, id: newId(at), at, recordedAt: at, actorId: caller.user.id, actorEmail: caller.user.email, kind, subject, rowCount, source: 'server' }
  }

  /** The live or deleted contact of this workspace; 404 when it is another's, missing, or already erased. */
  async function contactOf(caller: WorkspaceCaller, id: string): Promise<Record<string, unknown>> {
    const contact = await storage.privacy.getContact(caller.workspaceId, id)
    if (contact === null || isErased(contact as unknown as SyncedDoc)) throw notFound('contact not found')
    return contact
  }

  app.get('/api/privacy/contacts/:id', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const { id } = parseBody(contactParams, request.params)
    const contact = await contactOf(caller, id)
    const email = typeof contact.email === 'string' && contact.email !== '' ? contact.email : null
    const history = await storage.privacy.contactHistory(caller.workspaceId, id, email)
    try {
      await storage.privacy.addAuditEntries([auditOf(caller, 'contact-export', id, null)])
    } catch (error) {
      if (error instanceof UnknownWorkspaceError) throw notFound('workspace not found')
      throw error
    }
    const answer: ContactServerHistory = { contactId: id, exportedAt: now(), history }
    return answer
  })

  app.post('/api/privacy/contacts/:id/erase', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    if (!canPerform(caller.role, 'privacy:erase')) {
      throw new ApiError('forbidden', `only owners and admins can erase a contact (your role: ${caller.role}); ask one of them`)
    }
    const { id } = parseBody(contactParams, request.params)
    // Exists, and is this workspace's, before anything is written (the erasure checks again inside its transaction).
    await contactOf(caller, id)
    const decide = (targets: ErasureTargets): ErasureWrites => {
      const docs: Array<[ErasedCollection, Record<string, unknown>]> = [
        ['contacts', targets.contact],
        ...[...targets.activities.values()].map((doc): [ErasedCollection, Record<string, unknown>] => ['activities', doc]),
        ...[...targets.events.values()].map((doc): [ErasedCollection, Record<string, unknown>] => ['events', doc]),
      ]
      // One stamp after every stamp being replaced, so the tombstones also win by plain clock order.
      for (const [, doc] of docs) for (const stamp of Object.values((doc._clock ?? {}) as Record<string, string>)) clock.receive(stamp)
      const stamp = clock.now()
      const at = now()
      const writes: Record<ErasedCollection, DocumentWrite[]> = { contacts: [], activities: [], events: [] }
      for (const [collection, doc] of docs) writes[collection].push({ id: String(doc.id), doc: erasedDocument(collection, doc, stamp, at) })
      const contact = targets.contact
      const suppress = contact.unsubscribed === true ? 'unsubscribed' : contact.bounced === true ? 'hard_bounce' : null
      return { ...writes, suppress }
    }
    let result
    try {
      result = await storage.privacy.eraseContact(caller.workspaceId, id, decide, auditOf(caller, 'contact-erase', id, null))
    } catch (error) {
      if (error instanceof UnknownWorkspaceError) throw notFound('workspace not found')
      throw error
    }
    if (result === null) throw notFound('contact not found')
    // Webhook payloads may copy the person's data: queued events about them are not sent, sent ones are not kept.
    const webhookDeliveries = await storage.webhooks.forgetContact(caller.workspaceId, id)
    const parsed = (collection: keyof typeof result.written) => result.written[collection].map((doc) => JSON.parse(doc.json) as Record<string, unknown>)
    return { documents: { contacts: parsed('contacts'), activities: parsed('activities'), events: parsed('events') }, purged: { ...result.purged, webhookDeliveries } }
  })

  app.post('/api/audit', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const { entries } = parseBody(auditReportSchema, request.body)
    const recordedAt = now()
    const records = entries.map(
      (entry): AuditEntry => ({
        workspaceId: caller.workspaceId,
        id: entry.id,
        at: entry.at,
        recordedAt,
        actorId: caller.user.id,
        actorEmail: caller.user.email,
        kind: entry.kind,
        subject: entry.subject,
        rowCount: entry.rowCount,
        source: 'device',
      }),
    )
    try {
      return { recorded: await storage.privacy.addAuditEntries(records) }
    } catch (error) {
      if (error instanceof UnknownWorkspaceError) throw notFound('workspace not found')
      throw error
    }
  })

  app.get('/api/audit', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    if (!canPerform(caller.role, 'audit:read')) throw new ApiError('forbidden', `only owners and admins can read the audit log (your role: ${caller.role})`)
    const query = parseBody(auditQuery, request.query)
    const entries = await storage.privacy.listAuditEntries(caller.workspaceId, query.limit, parseCursor(query.before))
    const last = entries.at(-1)
    const next = entries.length === query.limit && last !== undefined ? `${last.recordedAt}.${last.id}` : null
    return { entries: entries.map(publicEntry), next }
  })
}
