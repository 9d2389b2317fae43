import { z } from 'zod'
import { AUDIT_KINDS, type AuditReportEntry } from '@core/privacy/audit'
import { contactServerHistorySchema } from '@core/privacy/contactExport'
import type { Result } from '@core/result'
import { requestChecked, type SyncFailure, type SyncRequest, type WorkspaceRequest } from '../../data/sync/syncHttp'

// The sync server's privacy routes (sync-server/src/privacy/routes.ts). Answers are checked.

const docSchema = z.record(z.string(), z.unknown())
const eraseAnswerSchema = z.object({
  documents: z.object({ contacts: z.array(docSchema), activities: z.array(docSchema), events: z.array(docSchema) }),
  purged: z.object({ trackingEvents: z.number(), recipients: z.number(), outboxMessages: z.number(), suppressions: z.number() }),
})
const auditEntrySchema = z.object({
  id: z.string(),
  at: z.number(),
  recordedAt: z.number(),
  actorId: z.string(),
  actorEmail: z.string(),
  kind: z.enum(AUDIT_KINDS),
  subject: z.string(),
  rowCount: z.number().nullable(),
  source: z.enum(['server', 'device']),
})
const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), next: z.string().nullable() })
const reportAnswerSchema = z.object({ recorded: z.number() })

export type EraseAnswer = z.infer<typeof eraseAnswerSchema>
export type AuditLogEntry = z.infer<typeof auditEntrySchema>
export type AuditPage = z.infer<typeof auditPageSchema>

export type { WorkspaceRequest } from '../../data/sync/syncHttp'

const invalidAnswer: SyncFailure = {
  kind: 'http',
  status: 200,
  code: 'invalid_response',
  message: 'The sync server does not answer like an Outpost server with privacy tools (is it up to date?).',
}

function call<S extends z.ZodType>(send: WorkspaceRequest, schema: S, request: SyncRequest): Promise<Result<z.infer<S>, SyncFailure>> {
  return requestChecked<z.infer<S>>(send, schema, request, invalidAnswer)
}

export function createPrivacyApi(send: WorkspaceRequest) {
  const contactPath = (id: string) => `/api/privacy/contacts/${encodeURIComponent(id)}`
  return {
    contactHistory: (contactId: string) => call(send, contactServerHistorySchema, { path: contactPath(contactId) }),
    eraseContact: (contactId: string) => call(send, eraseAnswerSchema, { method: 'POST', path: `${contactPath(contactId)}/erase`, body: {} }),
    reportAudit: (entries: readonly AuditReportEntry[]) => call(send, reportAnswerSchema, { method: 'POST', path: '/api/audit', body: { entries } }),
    auditLog: (before: string | null, limit = 50) =>
      call(send, auditPageSchema, { path: `/api/audit?limit=${limit}${before === null ? '' : `&before=${encodeURIComponent(before)}`}` }),
  }
}

export type PrivacyApi = ReturnType<typeof createPrivacyApi>
