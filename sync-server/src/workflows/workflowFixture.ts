import { formatStamp, HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import type { Contact, SegmentRules, Template, Workflow, WorkflowGraph, WorkflowSettings, WorkflowStep, WorkflowTrigger } from '@core/schema'
import { SERVER_NODE } from '../auth/memberDocs'
import { startSmtpTestSink } from '../sending/smtpTestSink'
import type { SmtpTestSink, SmtpTestSinkOptions } from '../sending/smtpTestSink'
import { ServerDocuments } from '../serverDocuments'
import type { SendingConfigSource } from '../sendingSettings/sendingConfig'
import { openStorage } from '../storage'
import type { StoragePort } from '../storage/port'
import type { EnrolmentRecord, StepRecord } from '../storage/workflowStore'
import { contactDoc, editDoc } from '../testing/docs'
import type { OutboundEvent, OutboundEvents } from '../webhooks/outboundEvents'
import { WorkflowService } from './workflowService'
import type { WorkflowServiceOptions } from './workflowService'

// A workspace on real storage (SQLite in memory by default), a real SMTP sink and a workflow
// engine driven tick by tick (tests call idle(), never sleep), plus builders for the documents a
// marketer's device would push.

export const WORKFLOW_TEST_SECRET = 'workflow-test-secret-0123456789abcdef'
export const WORKFLOW_TEST_PUBLIC_URL = 'https://mail.outpost.test'

type Doc = Record<string, unknown> & { id: string }

export interface WorkflowFixture {
  storage: StoragePort
  documents: ServerDocuments
  sink: SmtpTestSink
  workspaceId: string
  memberId: string
  /** Events handed to outbound webhooks. */
  emitted: OutboundEvent[]
  /** The engine's clock; tests move it forward. */
  clock: { now: number }
  service: WorkflowService
  push(collection: string, docs: readonly Doc[]): Promise<void>
  /** A contact as a device creates it. */
  addContact(overrides?: Partial<Contact>): Promise<Contact & Doc>
  /** A device's edit of a stored contact (each changed field stamped later than before). */
  editContact(contactId: string, patch: Partial<Contact>): Promise<Contact & Doc>
  contact(contactId: string): Promise<Contact & Doc>
  addTemplate(overrides?: Partial<Template>): Promise<Template & Doc>
  /** An active workflow published as version 1 (published a minute before the engine's now). */
  addWorkflow(graph: WorkflowGraph, options?: { settings?: Partial<WorkflowSettings>; kind?: 'workflow' | 'drip'; status?: Workflow['status'] }): Promise<Workflow & Doc>
  /** Publishes `graph` as the next version of a stored workflow. */
  republish(workflowId: string, graph: WorkflowGraph, patch?: Partial<Workflow>): Promise<Workflow & Doc>
  workflow(workflowId: string): Promise<Workflow & Doc>
  enrolments(workflowId: string, contactId: string): Promise<EnrolmentRecord[]>
  path(workflowId: string, contactId: string): Promise<StepRecord[]>
  close(): Promise<void>
}

export async function createWorkflowFixture(
  options: { databaseUrl?: string; service?: Partial<WorkflowServiceOptions>; sink?: SmtpTestSinkOptions } = {},
): Promise<WorkflowFixture> {
  const storage = await openStorage(options.databaseUrl ?? 'sqlite::memory:')
  const clock = { now: Date.now() }
  const now = (): number => clock.now
  const documents = new ServerDocuments(storage, new HlcClock(SERVER_NODE, now), now)
  const sink = await startSmtpTestSink(options.sink)
  const workspaceId = newId()
  const memberId = newId()
  await storage.createUser({ id: memberId, email: `${memberId.toLowerCase()}@example.test`, name: 'Owner', passwordHash: 'x', createdAt: 1 })
  await storage.createWorkspace(
    { id: workspaceId, name: 'Acme', createdAt: 1 },
    { workspaceId, userId: memberId, role: 'owner', joinedAt: 1 },
    { id: memberId, email: 'o@example.test', name: 'Owner', role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {}, _deleted: false },
  )
  const emitted: OutboundEvent[] = []
  const outboundEvents: OutboundEvents = {
    emit: async (events) => {
      for (const event of events) if (!emitted.some((seen) => seen.id === event.id)) emitted.push(event)
    },
  }
  const configSource: SendingConfigSource = {
    forWorkspace: async () => ({ transport: { kind: 'sink', host: '127.0.0.1', port: sink.port }, fromIdentities: [], dkim: null, ratePerSecond: 1_000 }),
  }
  const service = new WorkflowService({
    storage,
    documents,
    configSource,
    publicUrl: WORKFLOW_TEST_PUBLIC_URL,
    secret: WORKFLOW_TEST_SECRET,
    logger: { info: () => undefined, error: (details, message) => console.error(message, details) },
    now,
    statsIntervalMs: 0,
    anniversaryIntervalMs: 0,
    outboundEvents,
    outbox: { retryBaseMs: 10, retryMaxMs: 50 },
    ...options.service,
  })

  let wall = clock.now
  /** Device stamps always move forward, so each edit wins over the previous one. */
  const deviceTime = (): number => {
    wall = Math.max(wall + 1, clock.now)
    return wall
  }
  const push = async (collection: string, docs: readonly Doc[]): Promise<void> => {
    await storage.pushDocuments(workspaceId, collection, docs.map((doc) => doc.id), () => docs.map((doc) => ({ id: doc.id, doc })))
  }
  const get = async <T>(collection: string, id: string): Promise<T & Doc> => {
    const doc = (await storage.sending.getDocuments(workspaceId, collection, [id])).get(id)
    if (doc === undefined) throw new Error(`${collection} ${id} missing`)
    return doc as T & Doc
  }
  const stamped = <T extends Record<string, unknown>>(fields: T, at = deviceTime()): T & Doc & { updatedAt: number; _deleted: boolean; _clock: Record<string, string> } => {
    const stamp = formatStamp({ wallMs: at, counter: 0, node: 'deviceA' })
    const stamps: Record<string, string> = { _deleted: stamp }
    for (const key of Object.keys(fields)) stamps[key] = stamp
    return { id: newId(at), updatedAt: at, _deleted: false, _clock: stamps, ...fields }
  }

  return {
    storage,
    documents,
    sink,
    workspaceId,
    memberId,
    emitted,
    clock,
    service,
    push,
    async addContact(overrides = {}) {
      const at = deviceTime()
      const contact = contactDoc({ createdAt: at, ...overrides }, at) as Contact & Doc
      await push('contacts', [contact])
      return contact
    },
    async editContact(contactId, patch) {
      const current = await get<Contact>('contacts', contactId)
      const edited = editDoc(current as Contact & { _clock: Record<string, string>; updatedAt: number }, patch, deviceTime(), 'deviceA') as Contact & Doc
      await push('contacts', [edited])
      return edited
    },
    contact: (contactId) => get<Contact>('contacts', contactId),
    async addTemplate(overrides = {}) {
      const template = stamped({
        name: 'Welcome',
        subject: 'Welcome {{ contact.firstName }}',
        preheader: '',
        fromName: 'Acme',
        fromEmail: 'hello@acme.test',
        html: '<p>Hi {{ contact.firstName }}</p><a href="https://acme.test/start">Start</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a>',
        createdAt: 1,
        ...overrides,
      }) as unknown as Template & Doc
      await push('templates', [template])
      return template
    },
    async addWorkflow(graph, { settings, kind = 'workflow', status = 'active' } = {}) {
      const fullSettings: WorkflowSettings = { reenrol: 'never', exitOnUnsubscribe: true, ...settings }
      const workflow = stamped({
        name: 'Welcome series',
        description: '',
        kind,
        status,
        graph,
        settings: fullSettings,
        published: { version: 1, graph, settings: fullSettings, publishedAt: clock.now - 60_000, publishedBy: memberId },
        createdAt: 1,
      }) as unknown as Workflow & Doc
      await push('workflows', [workflow])
      return workflow
    },
    async republish(workflowId, graph, patch = {}) {
      const current = await get<Workflow>('workflows', workflowId)
      const published = { version: (current.published?.version ?? 0) + 1, graph, settings: current.settings, publishedAt: clock.now, publishedBy: memberId }
      const edited = editDoc(current as Workflow & { _clock: Record<string, string>; updatedAt: number }, { graph, published, ...patch }, deviceTime(), 'deviceA') as Workflow & Doc
      await push('workflows', [edited])
      return edited
    },
    workflow: (workflowId) => get<Workflow>('workflows', workflowId),
    enrolments: (workflowId, contactId) => storage.workflows.getEnrolments(workspaceId, workflowId, contactId),
    path: (workflowId, contactId) => storage.workflows.listStepRecords(workspaceId, workflowId, contactId),
    async close() {
      await service.stop()
      await sink.close()
      await storage.close()
    },
  }
}

/** A step with `next` ('' = the end) and the fields of its type. */
export function step(id: string, type: WorkflowStep['type'], next: string, fields: Partial<WorkflowStep> = {}): WorkflowStep {
  return { id, type, next, ...fields }
}

export function graphOf(trigger: WorkflowTrigger, steps: WorkflowStep[]): WorkflowGraph {
  return { trigger, entryStepId: steps[0]?.id ?? '', steps }
}

/** Rules with one condition. */
export function rule(field: string, operator: string, value = '', values: string[] = []): SegmentRules {
  return { match: 'all', groups: [{ id: newId(), match: 'all', conditions: [{ id: newId(), field, operator, value, value2: '', values } as SegmentRules['groups'][number]['conditions'][number]] }] }
}
