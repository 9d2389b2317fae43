import { useMemo } from 'react'
import { z } from 'zod'
import type { Result } from '@core/result'
import { useAppSelector } from '../../app/store'
import { useData } from '../../data/dataContext'
import { requestChecked, type SyncFailure, type SyncRequest, type WorkspaceRequest } from '../../data/sync/syncHttp'

// The sync server's /api/workflows routes (sync-server/src/workflows/routes.ts): who is where in
// a workflow, one contact's path, manual enrol and removal. Answers are checked; extra fields
// the server may add later are ignored.

const enrolmentSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  version: z.number(),
  contactId: z.string(),
  status: z.enum(['active', 'completed', 'exited']),
  stepId: z.string(),
  dueAt: z.number().nullable().optional(),
  waitUntil: z.number().nullable().optional(),
  enrolledAt: z.number(),
  endedAt: z.number().nullable().optional(),
  exitReason: z.string().optional(),
})

const stepRecordSchema = z.object({
  enrolmentId: z.string(),
  version: z.number(),
  visit: z.number(),
  stepId: z.string(),
  stepType: z.string(),
  outcome: z.enum(['done', 'skipped', 'failed', 'exited']),
  detail: z.string(),
  at: z.number(),
})

const contactPathSchema = z.object({
  enrolments: z.array(enrolmentSchema),
  steps: z.array(stepRecordSchema),
})

const stepContactsSchema = z.object({ contacts: z.array(enrolmentSchema) })
const enrolAnswerSchema = z.object({ enrolled: z.number() })
const removeAnswerSchema = z.object({ removed: z.number() })

export type WorkflowEnrolment = z.infer<typeof enrolmentSchema>
export type WorkflowStepRecord = z.infer<typeof stepRecordSchema>
export type ContactPathAnswer = z.infer<typeof contactPathSchema>

const invalidAnswer: SyncFailure = {
  kind: 'http',
  status: 200,
  code: 'invalid_response',
  message: 'The sync server does not answer like an Outpost server that runs workflows (is it up to date?).',
}

/** The most contacts one enrol or remove call takes (the server refuses more). */
export const WORKFLOW_BATCH_LIMIT = 1_000

function call<S extends z.ZodType>(send: WorkspaceRequest, schema: S, request: SyncRequest): Promise<Result<z.infer<S>, SyncFailure>> {
  return requestChecked<z.infer<S>>(send, schema, request, invalidAnswer)
}

const base = (workflowId: string) => `/api/workflows/${encodeURIComponent(workflowId)}`

export function createWorkflowApi(send: WorkspaceRequest) {
  return {
    /** One contact's enrolments in a workflow and every step it took there, oldest first. */
    contactPath: (workflowId: string, contactId: string, signal?: AbortSignal) =>
      call(send, contactPathSchema, { path: `${base(workflowId)}/contacts/${encodeURIComponent(contactId)}`, signal }),
    /** Contacts currently at a step (any version), or every active one when `stepId` is ''. */
    contactsAtStep: (workflowId: string, stepId: string, limit = 100, signal?: AbortSignal) =>
      call(send, stepContactsSchema, { path: `${base(workflowId)}/contacts?stepId=${encodeURIComponent(stepId)}&limit=${limit}`, signal }),
    enrol: (workflowId: string, contactIds: readonly string[]) =>
      call(send, enrolAnswerSchema, { method: 'POST', path: `${base(workflowId)}/enrol`, body: { contactIds } }),
    remove: (workflowId: string, contactIds: readonly string[]) =>
      call(send, removeAnswerSchema, { method: 'POST', path: `${base(workflowId)}/remove`, body: { contactIds } }),
  }
}

export type WorkflowApi = ReturnType<typeof createWorkflowApi>

/** What to tell the user when a call failed: offline gets the same clear sentence everywhere. */
export function workflowFailureMessage(failure: SyncFailure, doing: string): string {
  if (failure.kind === 'network') return `Connect to the sync server to ${doing}.`
  if (failure.kind === 'http' && failure.code === 'signed_out') return `Sign in to a sync server (Settings → Sync) to ${doing}.`
  if (failure.kind === 'http' && failure.status === 404) return 'The sync server does not know this workflow yet. Sync, then try again.'
  return failure.message
}

/** The API as the signed-in user in the open workspace; `signedIn` false when this device syncs with nobody. */
export function useWorkflowApi(): { api: WorkflowApi; signedIn: boolean } {
  const { sync } = useData()
  const signedIn = useAppSelector((state) => state.sync.account !== null)
  const api = useMemo(() => createWorkflowApi((request) => sync.requestWorkspace(request)), [sync])
  return { api, signedIn }
}

/**
 * Enrols (or removes) many contacts, WORKFLOW_BATCH_LIMIT per call, reporting progress after each
 * call. Stops at the first failure and says how far it got (the calls before it took effect).
 */
export async function inBatches(
  run: (contactIds: string[]) => Promise<Result<number, SyncFailure>>,
  contactIds: readonly string[],
  onProgress: (done: number) => void,
): Promise<{ changed: number; done: number; failure: SyncFailure | null }> {
  let changed = 0
  let done = 0
  for (let start = 0; start < contactIds.length; start += WORKFLOW_BATCH_LIMIT) {
    const batch = contactIds.slice(start, start + WORKFLOW_BATCH_LIMIT)
    const answer = await run(batch)
    if (!answer.ok) return { changed, done, failure: answer.error }
    changed += answer.value
    done += batch.length
    onProgress(done)
  }
  return { changed, done, failure: null }
}
