import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Contact, Segment, Workflow, WorkflowGraph } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import type { FetchLike } from '../../data/sync/syncHttp'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { aSession } from '../settings/sendingFakeServer'
import { seedTemplate } from './builderTestUtils'
import { WorkflowRunsPanel } from './WorkflowRunsPanel'

// Stats come from the synced document; the server's answers are stubbed at the fetch boundary.

interface Call {
  method: string
  path: string
  body: unknown
}

function fakeServer(routes: Record<string, (call: Call) => { status: number; body: unknown } | 'network-error'>) {
  const calls: Call[] = []
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input)
    const call = { method: init?.method ?? 'GET', path: url.pathname + url.search, body: init?.body ? JSON.parse(init.body) : undefined }
    const handler = Object.entries(routes).find(([route]) => `${call.method} ${call.path}`.startsWith(route))?.[1]
    if (handler) calls.push(call)
    const reply = handler ? handler(call) : { status: 404, body: { error: 'not_found', message: 'no such route' } }
    if (reply === 'network-error') throw new TypeError('Failed to fetch')
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'Content-Type': 'application/json' } })
  }
  return { fetch, calls }
}

const graph: WorkflowGraph = {
  trigger: { type: 'contact_created' },
  entryStepId: 'S1',
  steps: [
    { id: 'S1', type: 'send_email', templateId: '', next: 'S2' },
    { id: 'S2', type: 'wait', waitKind: 'duration', waitMinutes: 60, next: 'S3' },
    { id: 'S3', type: 'branch', branchKind: 'clicked', emailStepId: 'S1', next: 'S4', elseNext: 'S5' },
    { id: 'S4', type: 'add_tag', tag: 'engaged', next: '' },
    { id: 'S5', type: 'add_tag', tag: 'cold', next: '' },
  ],
}

const enrolment = (contactId: string, extra: Record<string, unknown> = {}) => ({
  id: `EN-${contactId}`,
  workflowId: 'x',
  version: 1,
  contactId,
  status: 'active',
  stepId: 'S2',
  visit: 1,
  dueAt: Date.UTC(2026, 10, 30, 13),
  waitUntil: Date.UTC(2026, 10, 30, 13),
  triggerKey: 'c:1',
  enrolledAt: Date.UTC(2026, 10, 30, 12),
  updatedAt: Date.UTC(2026, 10, 30, 12),
  endedAt: null,
  exitReason: '',
  ...extra,
})

describe('WorkflowRunsPanel', { timeout: 30_000 }, () => {
  const opened: OutpostData[] = []
  afterEach(async () => {
    for (const data of opened.splice(0)) await closeTestData(data)
  })

  async function setUp(fetch?: FetchLike) {
    const data = await createTestData(fetch ? { fetch, sessions: memorySessions(aSession('member')) } : {})
    opened.push(data)
    const template = await seedTemplate(data, 'Welcome')
    const published: WorkflowGraph = { ...graph, steps: graph.steps.map((step) => (step.id === 'S1' ? { ...step, templateId: template.id } : step)) }
    const ada = await insertSyncedDoc<Contact>(data.db.contacts, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '',
      title: '',
      companyId: '',
      tags: [],
      lifecycleStage: 'lead',
      customFields: {},
    } as unknown as Omit<Contact, 'id' | '_clock' | 'createdAt' | 'updatedAt'>)
    const workflow = await insertSyncedDoc<Workflow>(data.db.workflows, {
      name: 'Welcome series',
      description: '',
      kind: 'workflow',
      status: 'active',
      graph: published,
      settings: { reenrol: 'never', exitOnUnsubscribe: true },
      published: { version: 2, graph: published, settings: { reenrol: 'never', exitOnUnsubscribe: true }, publishedAt: 1, publishedBy: 'U1' },
    })
    const withStats: Workflow = {
      ...workflow,
      stats: {
        enrolled: 12,
        active: 4,
        completed: 7,
        exited: 1,
        steps: [
          { stepId: 'S1', current: 0, passed: 12 },
          { stepId: 'S2', current: 4, passed: 8 },
          { stepId: 'S4', current: 0, passed: 3 },
          { stepId: 'S5', current: 0, passed: 5 },
        ],
        runningVersions: [1],
        updatedAt: Date.UTC(2026, 10, 30, 12),
      },
    }
    renderWithProviders(
      <>
        <WorkflowRunsPanel workflow={withStats} />
        <Toasts />
      </>,
      { data },
    )
    return { data, ada, workflow: withStats }
  }

  const rowOf = (name: string | RegExp) => screen.getByRole('rowheader', { name }).closest('tr') as HTMLElement

  it('shows the synced counts without a server: totals, each step in path order, older versions', async () => {
    await setUp()
    const figures = screen.getByRole('region', { name: 'Runs' })
    expect(within(figures).getByText('Enrolled').nextSibling).toHaveTextContent('12')
    expect(within(figures).getByText('Completed').nextSibling).toHaveTextContent('7')
    expect(await screen.findByRole('rowheader', { name: /^Send Welcome/ })).toBeInTheDocument()
    const rows = screen.getAllByRole('rowheader').map((cell) => cell.textContent)
    expect(rows).toEqual(['Send Welcome · Template subject', 'Wait 1 hour', 'If clicked Welcome', 'YesAdd tag · engaged', 'NoAdd tag · cold'])
    expect(within(rowOf('Wait 1 hour')).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['4', '8', 'Who is here'])
    expect(within(rowOf(/No/)).getAllByRole('cell')[1]).toHaveTextContent('5')
    expect(screen.getByText('Contacts still finishing on version 1.')).toBeInTheDocument()
  })

  it('offline, asking who is at a step says to connect instead of spinning', async () => {
    const server = fakeServer({ 'GET /api/workflows/': () => 'network-error' })
    const user = userEvent.setup()
    await setUp(server.fetch)
    await user.click(await screen.findByRole('button', { name: 'Who is at Wait 1 hour' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Connect to the sync server to see who is at a step.')
  })

  it("lists who is at a step, opens a contact's path, and removes the contact after one confirmation", async () => {
    let removed = false
    const server = fakeServer({
      'GET /api/workflows/': (call) => {
        if (call.path.includes('/contacts?')) return { status: 200, body: { contacts: [enrolment(adaId)] } }
        return {
          status: 200,
          body: {
            enrolments: [removed ? enrolment(adaId, { status: 'exited', exitReason: 'removed', stepId: '', endedAt: 5 }) : enrolment(adaId)],
            steps: [{ enrolmentId: `EN-${adaId}`, workflowId: 'x', version: 1, contactId: adaId, visit: 0, stepId: 'S1', stepType: 'send_email', outcome: 'done', detail: 'sent Welcome', at: Date.UTC(2026, 10, 30, 12) }],
          },
        }
      },
      'POST /api/workflows/': () => {
        removed = true
        return { status: 200, body: { removed: 1 } }
      },
    })
    let adaId = ''
    const user = userEvent.setup()
    const { ada, workflow } = await setUp(server.fetch)
    adaId = ada.id

    await user.click(await screen.findByRole('button', { name: 'Who is at Wait 1 hour' }))
    const here = await screen.findByRole('region', { name: 'Who is at Wait 1 hour' })
    await user.click(await within(here).findByRole('button', { name: 'Ada Lovelace' }))
    expect(server.calls[0]?.path).toBe(`/api/workflows/${workflow.id}/contacts?stepId=S2&limit=100`)

    const path = await screen.findByRole('region', { name: 'Path of Ada Lovelace' })
    expect(await within(path).findByText('sent Welcome')).toBeInTheDocument()
    expect(within(path).getByText(/now at/)).toHaveTextContent(/now at Wait 1 hour, waiting until/)

    await user.click(within(path).getByRole('button', { name: 'Remove from workflow' }))
    const dialog = await screen.findByRole('dialog', { name: 'Remove Ada Lovelace from Welcome series?' })
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }))
    expect(await screen.findByText('Ada Lovelace was removed from Welcome series.')).toBeInTheDocument()
    expect(server.calls.find((call) => call.method === 'POST')).toMatchObject({ path: `/api/workflows/${workflow.id}/remove`, body: { contactIds: [ada.id] } })
    expect(await within(path).findByText(/Removed by hand/)).toBeInTheDocument()
    expect(within(path).queryByRole('button', { name: 'Remove from workflow' })).not.toBeInTheDocument()
  })

  it('adds contacts picked by name through enrol', async () => {
    const server = fakeServer({ 'POST /api/workflows/': () => ({ status: 200, body: { enrolled: 1, skipped: 0 } }) })
    const user = userEvent.setup()
    const { ada, workflow } = await setUp(server.fetch)
    await user.click(screen.getByRole('button', { name: 'Add contacts…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add contacts to Welcome series' })
    await user.click(within(dialog).getByRole('radio', { name: 'Contacts by name' }))
    await user.type(within(dialog).getByRole('combobox', { name: 'Contact' }), 'ada')
    await user.click(await within(dialog).findByRole('option', { name: /Ada Lovelace/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Add 1 contact' }))
    expect(await screen.findByText('Added 1 contact to Welcome series.')).toBeInTheDocument()
    expect(server.calls).toEqual([{ method: 'POST', path: `/api/workflows/${workflow.id}/enrol`, body: { contactIds: [ada.id] } }])
  })

  it("adds a segment's current members, and passes the server's refusal on", async () => {
    let calls = 0
    const server = fakeServer({
      'POST /api/workflows/': () => (++calls === 1 ? { status: 400, body: { error: 'invalid_request', message: 'activate the workflow before enrolling contacts' } } : { status: 200, body: { enrolled: 0, skipped: 1 } }),
    })
    const user = userEvent.setup()
    const { data, ada, workflow } = await setUp(server.fetch)
    const segment = await insertSyncedDoc<Segment>(data.db.segments, {
      name: 'Lovelaces',
      kind: 'dynamic',
      rules: { match: 'all', groups: [{ id: 'G1', match: 'all', conditions: [{ id: 'C1', field: 'contact.lastName', operator: 'equals', value: 'Lovelace', value2: '', values: [] }] }] },
    })
    await user.click(screen.getByRole('button', { name: 'Add contacts…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add contacts to Welcome series' })
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Segment or list' }), segment.id)
    expect(await within(dialog).findByText('1 contact match now.')).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Add 1 contact' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('activate the workflow before enrolling contacts')

    await user.click(within(dialog).getByRole('button', { name: 'Add 1 contact' }))
    expect(await screen.findByText('Added 0 contacts to Welcome series (1 already in it or in it before).')).toBeInTheDocument()
    expect(server.calls.map((call) => call.body)).toEqual([{ contactIds: [ada.id] }, { contactIds: [ada.id] }])
    expect(server.calls[0]?.path).toBe(`/api/workflows/${workflow.id}/enrol`)
  })
})
