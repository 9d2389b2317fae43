import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Contact, Workflow } from '@core/schema'
import { graphFromDrip } from '@core/workflows/drip'
import type { OutpostData } from '../../data/dataContext'
import type { FetchLike } from '../../data/sync/syncHttp'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { aSession } from '../settings/sendingFakeServer'
import { ContactAutomationsCard } from './ContactAutomationsCard'

const contactFields = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  phone: '',
  title: '',
  companyId: '',
  tags: [],
  lifecycleStage: 'lead',
  customFields: {},
} as unknown as Omit<Contact, 'id' | '_clock' | 'createdAt' | 'updatedAt'>

describe('ContactAutomationsCard', { timeout: 30_000 }, () => {
  const opened: OutpostData[] = []
  afterEach(async () => {
    for (const data of opened.splice(0)) await closeTestData(data)
  })

  /** `fetch` may read the returned ids: the card asks only once rendered, after they exist. */
  async function setUp(fetch?: FetchLike, learn: (seeded: { welcomeId: string; contactId: string }) => void = () => undefined) {
    const data = await createTestData(fetch ? { fetch, sessions: memorySessions(aSession('member')) } : {})
    opened.push(data)
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, contactFields)
    const graph = graphFromDrip([{ stepId: 'E1', templateId: 'T1', subject: '', delayMinutes: 0 }], { type: 'manual' }, () => 'W')
    const published = { version: 1, graph, settings: { reenrol: 'never' as const, exitOnUnsubscribe: true }, publishedAt: 1, publishedBy: 'U1' }
    const base = { description: '', graph, settings: published.settings }
    const welcome = await insertSyncedDoc<Workflow>(data.db.workflows, { ...base, name: 'Welcome', kind: 'workflow', status: 'active', published })
    const nurture = await insertSyncedDoc<Workflow>(data.db.workflows, { ...base, name: 'Nurture', kind: 'drip', status: 'active', published })
    await insertSyncedDoc<Workflow>(data.db.workflows, { ...base, name: 'Draft one', kind: 'workflow', status: 'draft' })
    learn({ welcomeId: welcome.id, contactId: contact.id })
    renderWithProviders(
      <>
        <ContactAutomationsCard contact={contact} />
        <Toasts />
      </>,
      { data },
    )
    return { contact, welcome, nurture }
  }

  it('signed out, it says automations need the sync server and asks nothing', async () => {
    await setUp()
    expect(await screen.findByText(/Automations run on the sync server/)).toBeInTheDocument()
  })

  it('lists the workflows the contact is in, and adds it to another one by hand', async () => {
    const posted: unknown[] = []
    let ids = { welcome: '', contact: '' }
    const fetch: FetchLike = async (input, init) => {
      const url = new URL(input)
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
      if (init?.method === 'POST' && url.pathname.endsWith('/enrol')) {
        posted.push({ path: url.pathname, body: JSON.parse(init.body ?? '{}') })
        return json(200, { enrolled: 1, skipped: 0 })
      }
      if (url.pathname.startsWith(`/api/workflows/${ids.welcome}/contacts/`)) {
        const enrolment = { id: 'EN1', workflowId: ids.welcome, version: 1, contactId: ids.contact, status: 'completed', stepId: '', enrolledAt: 5, endedAt: 9, exitReason: '', waitUntil: null }
        return json(200, { enrolments: [enrolment], steps: [] })
      }
      if (url.pathname.startsWith('/api/workflows/')) return json(200, { enrolments: [], steps: [] })
      return json(404, { error: 'not_found', message: 'no such route' })
    }
    const user = userEvent.setup()
    const setup = await setUp(fetch, ({ welcomeId, contactId }) => (ids = { welcome: welcomeId, contact: contactId }))
    const list = await screen.findByRole('list', { name: 'Workflows of this contact' })
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Welcomecompleted'])

    const picker = screen.getByRole('combobox', { name: 'Add to a workflow or sequence' })
    expect(within(picker).getAllByRole('option').map((option) => option.textContent)).toEqual(['Add to…', 'Nurture (sequence)', 'Welcome'])
    await user.selectOptions(picker, setup.nurture.id)
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(await screen.findByText('Ada Lovelace was added to Nurture.')).toBeInTheDocument()
    expect(posted).toEqual([{ path: `/api/workflows/${setup.nurture.id}/enrol`, body: { contactIds: [setup.contact.id] } }])
  })

  it('offline, it says to connect', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('Failed to fetch')
    }
    await setUp(fetch)
    expect(await screen.findByRole('alert')).toHaveTextContent("Connect to the sync server to see this contact's automations.")
  })
})
