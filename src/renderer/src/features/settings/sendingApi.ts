import { z } from 'zod'
import type { Result } from '@core/result'
import { requestChecked, type SyncFailure, type SyncRequest, type WorkspaceRequest } from '../../data/sync/syncHttp'

// The sync server's /api/sending routes (sync-server/src/sendingSettings/routes.ts). Answers are
// checked; a refused save names the field it is about, so the form can show the error there.

const identitySchema = z.object({ name: z.string(), email: z.string() })

const settingsAnswerSchema = z.object({
  configured: z.boolean(),
  mode: z.enum(['sink', 'smtp']),
  source: z.enum(['workspace', 'server', 'sink']),
  canEdit: z.boolean(),
  problem: z.string().nullable(),
  settings: z.object({
    mode: z.enum(['sink', 'smtp']),
    smtp: z.object({ url: z.string().nullable(), host: z.string(), port: z.number(), secure: z.boolean(), user: z.string().nullable() }).nullable(),
    hasPassword: z.boolean(),
    fromIdentities: z.array(identitySchema),
    dkim: z.object({ domainName: z.string(), keySelector: z.string() }).nullable(),
    hasDkimKey: z.boolean(),
    ratePerSecond: z.number(),
    updatedAt: z.number().nullable(),
  }),
})

const testAnswerSchema = z.union([
  z.object({ ok: z.literal(true), mode: z.enum(['sink', 'smtp']), messageId: z.string() }),
  z.object({ ok: z.literal(false), mode: z.enum(['sink', 'smtp']), error: z.string() }),
])

const outboxSummarySchema = z.object({ id: z.string(), receivedAt: z.number(), from: z.string(), to: z.string(), subject: z.string() })
const outboxListSchema = z.object({ messages: z.array(outboxSummarySchema) })
const outboxMessageSchema = z.object({
  message: outboxSummarySchema.extend({
    headers: z.array(z.tuple([z.string(), z.string()])),
    html: z.string().nullable(),
    text: z.string().nullable(),
  }),
})
const clearAnswerSchema = z.object({ deleted: z.number() })

export type SendingSettingsAnswer = z.infer<typeof settingsAnswerSchema>
export type SendingTestAnswer = z.infer<typeof testAnswerSchema>
export type OutboxSummary = z.infer<typeof outboxSummarySchema>
export type OutboxMessage = z.infer<typeof outboxMessageSchema>['message']

/** What PUT takes: secrets omitted = keep, null = clear, a string = replace. */
export interface SendingSettingsInput {
  mode: 'sink' | 'smtp'
  smtp: { url: string; password?: string | null } | { host: string; port: number; secure: boolean; user: string | null; password?: string | null } | null
  fromIdentities: Array<{ name: string; email: string }>
  dkim: { domainName: string; keySelector: string; privateKey?: string | null } | null
  ratePerSecond: number
}

/** A failed call; `field` (e.g. `smtp.host`) when the server refused one field of a save. */
export type SendingFailure = SyncFailure & { field?: string }

export type { WorkspaceRequest } from '../../data/sync/syncHttp'

const invalidAnswer: SendingFailure = {
  kind: 'http',
  status: 200,
  code: 'invalid_response',
  message: 'The sync server does not answer like an Outpost server with sending settings (is it up to date?).',
}

async function call<S extends z.ZodType>(send: WorkspaceRequest, schema: S, request: SyncRequest): Promise<Result<z.infer<S>, SendingFailure>> {
  const answer = await requestChecked<z.infer<S>>(send, schema, request, invalidAnswer)
  return answer.ok ? answer : { ok: false, error: withField(answer.error) }
}

function withField(failure: SyncFailure): SendingFailure {
  if (failure.kind !== 'http') return failure
  const field = (failure.details as { field?: unknown } | undefined)?.field
  if (typeof field !== 'string') return failure
  // The server's message starts with the field ("smtp.host: enter a host name"); the form shows it beside the field.
  const prefix = `${field}: `
  return { ...failure, field, message: failure.message.startsWith(prefix) ? failure.message.slice(prefix.length) : failure.message }
}

export function createSendingApi(send: WorkspaceRequest) {
  return {
    getSettings: () => call(send, settingsAnswerSchema, { path: '/api/sending/settings' }),
    saveSettings: (input: SendingSettingsInput) => call(send, settingsAnswerSchema, { method: 'PUT', path: '/api/sending/settings', body: input }),
    sendTest: (to: string) => call(send, testAnswerSchema, { method: 'POST', path: '/api/sending/test', body: { to } }),
    listOutbox: (limit = 200) => call(send, outboxListSchema, { path: `/api/sending/outbox?limit=${limit}` }),
    getOutboxMessage: (id: string) => call(send, outboxMessageSchema, { path: `/api/sending/outbox/${encodeURIComponent(id)}` }),
    clearOutbox: () => call(send, clearAnswerSchema, { method: 'DELETE', path: '/api/sending/outbox' }),
  }
}

export type SendingApi = ReturnType<typeof createSendingApi>
