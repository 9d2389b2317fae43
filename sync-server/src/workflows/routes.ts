import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import type { Contact } from '@core/schema'
import { compileSegment } from '@core/segments/evaluateSegment'
import { triggerMatches } from '@core/workflows/triggers'
import { authenticateWorkspace, type WorkspaceCaller } from '../auth/session'
import { ApiError, notFound } from '../http/errors'
import { parseBody } from '../http/validate'
import { ServerDocuments } from '../serverDocuments'
import type { StoragePort } from '../storage/port'
import type { EnrolmentRecord } from '../storage/workflowStore'
import { findContactByEmail } from './contactLookup'
import { inboundKey, isInboundKey } from './inboundKey'
import { newEnrolment, runnableWorkflow, versionRecord } from './runnableWorkflow'
import type { RunnableWorkflow } from './runnableWorkflow'

// The workflow engine's HTTP side (issue 8). Scoped to the caller's workspace like every /api
// route: another workspace's workflow or contact is 404. Every member may read and act (the CRM
// has no read-only role).
// GET  /api/workflows/:id/contacts/:contactId   one contact's enrolments and path (step records)
// GET  /api/workflows/:id/contacts?stepId=&limit= who is at a step ('' = every active contact)
// POST /api/workflows/:id/enrol  {contactIds}    manual enrolment (running or paused workflows)
// POST /api/workflows/:id/remove {contactIds}    manual removal
// POST /api/workflows/events {eventName, email | contactId, data?}  an API event (api_event triggers)
// GET  /api/workflows/inbound                    the workspace's public form URL
// POST /in/:workspaceId/:key                      public form endpoint (JSON or form-encoded)

export interface WorkflowRouteOptions {
  storage: StoragePort
  now: () => number
  clock: HlcClock
  /** OUTPOST_SECRET: form keys are HMACs of the workspace id under it. */
  secret: string
  /** OUTPOST_PUBLIC_URL (form URLs); the request's own origin when absent. */
  publicUrl?: string
  /** Form posts per minute per address (default 30). */
  inboundRateLimitPerMinute?: number
}

/** The most contacts one enrol or remove call takes. */
export const WORKFLOW_BATCH_LIMIT = 1_000
const MAX_STEP_LIST = 500

const idSchema = z.string().regex(/^[A-Za-z0-9]{1,26}$/, 'not an id')
const workflowParams = z.strictObject({ id: idSchema })
const contactParams = z.strictObject({ id: idSchema, contactId: idSchema })
const atStepQuery = z.strictObject({
  stepId: z.union([z.literal(''), z.string().regex(/^[A-Za-z0-9_-]{1,26}$/, 'stepId must be a step id')]).default(''),
  limit: z.coerce.number().int().min(1).max(MAX_STEP_LIST).default(100),
})
const contactIdsBody = z.strictObject({
  contactIds: z
    .array(idSchema)
    .min(1, 'give at least one contact id')
    .max(WORKFLOW_BATCH_LIMIT, `at most ${WORKFLOW_BATCH_LIMIT} contacts per call`),
})
const eventNameSchema = z.string().trim().min(1, 'eventName is required').max(100)
const emailSchema = z.string().trim().toLowerCase().email('not an email address').max(254)
const eventBody = z
  .strictObject({
    eventName: eventNameSchema,
    email: emailSchema.optional(),
    contactId: idSchema.optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((body) => (body.email === undefined) !== (body.contactId === undefined), 'give either email or contactId')
const inboundParams = z.strictObject({ workspaceId: idSchema, key: z.string().max(64) })
const inboundBody = z.object({
  event: eventNameSchema.optional(),
  email: emailSchema,
  firstName: z.string().trim().max(100).optional(),
  lastName: z.string().trim().max(100).optional(),
})
/** The event a form post without `event` raises (api_event triggers listening for it enrol). */
export const DEFAULT_FORM_EVENT = 'form'

type PublicEnrolment = Omit<EnrolmentRecord, 'workspaceId'>

function publicEnrolment(enrolment: EnrolmentRecord): PublicEnrolment {
  const { workspaceId: _workspaceId, ...visible } = enrolment
  return visible
}

export function registerWorkflowRoutes(app: FastifyInstance, options: WorkflowRouteOptions): void {
  const { storage, now } = options
  const documents = new ServerDocuments(storage, options.clock, now)

  async function workflowOf(caller: WorkspaceCaller, id: string): Promise<Record<string, unknown>> {
    const doc = (await storage.sending.getDocuments(caller.workspaceId, 'workflows', [id])).get(id)
    if (doc === undefined) throw notFound('workflow not found')
    return doc
  }

  /** The workflow as it runs, its published version stored (so the engine can run what we enrol). */
  async function running(workspaceId: string, doc: Record<string, unknown>): Promise<RunnableWorkflow | null> {
    const workflow = runnableWorkflow(workspaceId, doc)
    const record = workflow === null ? null : versionRecord(workflow, now())
    if (workflow === null || record === null) return null
    await storage.workflows.saveVersion(record)
    return workflow
  }

  /** Enrols contacts in the workflows of the workspace whose api_event trigger listens for `eventName`. */
  async function raiseEvent(workspaceId: string, eventName: string, contact: Contact): Promise<string[]> {
    const at = now()
    const runnable = (await storage.workflows.listRunnableWorkflows()).filter((entry) => entry.workspaceId === workspaceId)
    const enrolledIn: string[] = []
    const eventId = newId(at)
    for (const entry of runnable) {
      const workflow = runnableWorkflow(workspaceId, entry.doc)
      const published = workflow?.published
      if (workflow === null || published == null || workflow.status !== 'active') continue
      const trigger = published.graph.trigger
      if (!triggerMatches(trigger, { type: 'api_event', eventName })) continue
      const filter = trigger.filter
      if (filter !== undefined && filter.groups.some((group) => group.conditions.length > 0)) {
        if (!compileSegment(filter, { companiesById: new Map(), engagement: new Map(), now: at })(contact)) continue
      }
      const ready = await running(workspaceId, entry.doc)
      const enrolment = ready === null ? null : newEnrolment(ready, contact.id, `e:${eventId}`, at)
      if (enrolment === null) continue
      if ((await storage.workflows.enrol([enrolment], published.settings.reenrol)).length > 0) enrolledIn.push(workflow.id)
    }
    return enrolledIn
  }

  app.get('/api/workflows/:id/contacts/:contactId', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const { id, contactId } = parseBody(contactParams, request.params)
    await workflowOf(caller, id)
    const [enrolments, steps] = await Promise.all([
      storage.workflows.getEnrolments(caller.workspaceId, id, contactId),
      storage.workflows.listStepRecords(caller.workspaceId, id, contactId),
    ])
    return { enrolments: enrolments.map(publicEnrolment), steps: steps.map(({ workspaceId: _workspaceId, ...record }) => record) }
  })

  app.get('/api/workflows/:id/contacts', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const { id } = parseBody(workflowParams, request.params)
    const { stepId, limit } = parseBody(atStepQuery, request.query)
    await workflowOf(caller, id)
    const contacts = await storage.workflows.listEnrolmentsAtStep(caller.workspaceId, id, stepId, limit)
    return { contacts: contacts.map(publicEnrolment) }
  })

  app.post('/api/workflows/:id/enrol', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const { id } = parseBody(workflowParams, request.params)
    const { contactIds } = parseBody(contactIdsBody, request.body)
    const doc = await workflowOf(caller, id)
    const workflow = await running(caller.workspaceId, doc)
    if (workflow?.published == null) throw new ApiError('invalid_request', 'activate the workflow before enrolling contacts')
    const unique = [...new Set(contactIds)]
    const found = await storage.sending.getDocuments(caller.workspaceId, 'contacts', unique)
    const unknown = unique.filter((contactId) => !found.has(contactId))
    if (unknown.length > 0) throw new ApiError('invalid_request', `no such contact: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`)
    const at = now()
    const key = `m:${newId(at)}`
    const enrolments = unique.map((contactId) => newEnrolment(workflow, contactId, key, at)).filter((enrolment): enrolment is EnrolmentRecord => enrolment !== null)
    if (enrolments.length === 0) throw new ApiError('invalid_request', 'the workflow has no steps yet')
    const enrolled = await storage.workflows.enrol(enrolments, workflow.published.settings.reenrol)
    return { enrolled: enrolled.length, skipped: unique.length - enrolled.length }
  })

  app.post('/api/workflows/:id/remove', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const { id } = parseBody(workflowParams, request.params)
    const { contactIds } = parseBody(contactIdsBody, request.body)
    await workflowOf(caller, id)
    const removed = await storage.workflows.exitEnrolments(caller.workspaceId, id, [...new Set(contactIds)], 'removed', now())
    return { removed }
  })

  app.post('/api/workflows/events', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const body = parseBody(eventBody, request.body)
    let contact: Contact | null
    if (body.contactId !== undefined) {
      contact = ((await storage.sending.getDocuments(caller.workspaceId, 'contacts', [body.contactId])).get(body.contactId) as Contact | undefined) ?? null
    } else contact = await findContactByEmail(storage, caller.workspaceId, body.email ?? '')
    if (contact === null) throw notFound('contact not found')
    const workflows = await raiseEvent(caller.workspaceId, body.eventName, contact)
    return { contactId: contact.id, enrolled: workflows.length, workflowIds: workflows }
  })

  app.get('/api/workflows/inbound', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const base = options.publicUrl ?? `${request.protocol}://${request.host}`
    return { url: `${base}/in/${caller.workspaceId}/${inboundKey(options.secret, caller.workspaceId)}`, defaultEvent: DEFAULT_FORM_EVENT }
  })

  // Public, no session: the key in the URL is the credential. Form-encoded bodies only here.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))))
    })
    const rateLimit = { max: options.inboundRateLimitPerMinute ?? 30, timeWindow: 60_000 }
    scope.post('/in/:workspaceId/:key', { config: { rateLimit } }, async (request, reply) => {
      const params = inboundParams.safeParse(request.params)
      // Unknown workspace and wrong key answer alike: the URL is either valid or not found.
      if (!params.success || !isInboundKey(options.secret, params.data.workspaceId, params.data.key)) throw notFound('no such form')
      const { workspaceId } = params.data
      if ((await storage.getWorkspace(workspaceId)) === null) throw notFound('no such form')
      const body = parseBody(inboundBody, request.body ?? {})
      let contact = await findContactByEmail(storage, workspaceId, body.email)
      let created = false
      if (contact === null) {
        const at = now()
        const id = newId(at)
        const [stored] = await documents.insert(workspaceId, 'contacts', [
          {
            id,
            email: body.email,
            firstName: body.firstName ?? '',
            lastName: body.lastName ?? '',
            phone: '',
            title: '',
            companyId: '',
            tags: [],
            lifecycleStage: 'lead',
            customFields: {},
            createdAt: at,
          },
        ])
        if (stored === undefined) throw new ApiError('internal', 'the contact could not be created')
        contact = JSON.parse(stored.json) as Contact
        created = true
      }
      const workflows = await raiseEvent(workspaceId, body.event ?? DEFAULT_FORM_EVENT, contact)
      if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return reply.type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><title>Thank you</title><p>Thank you, we received your details.</p>')
      }
      return { ok: true, created, enrolled: workflows.length }
    })
  })
}
