import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { formatStamp } from '@core/hlc'
import { newId } from '@core/ids'
import type { Activity, Campaign, Contact, Deal, Setting } from '@core/schema'
import { createSyncedDoc, type DocFields } from '@core/sync/localChange'
import type { SyncedDoc } from '@core/sync/syncedDoc'
import { startOfLocalDay } from '@core/tasks/taskGroups'
import { defaultPipelineFields } from '@core/deals/pipeline'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { contactFields } from '../../test/fixtures'
import { insertSyncedDocs } from '../../data/syncedWrites'
import { campaignFields, statsFields } from '../campaigns/campaignTestData'
import { HomePage } from './HomePage'

const PIPELINE_ID = '01JPIPELINE000000000000000'

const DAY = 86_400_000

/** A stored document as another device would have written it at `at` (createdAt in the past). */
function docAt<T extends SyncedDoc>(at: number, fields: Omit<DocFields<T>, 'createdAt'>, id = newId(at)): T {
  return createSyncedDoc<T>(id, { ...fields, createdAt: at } as unknown as DocFields<T>, formatStamp({ wallMs: at, counter: 0, node: 'test' }), at)
}

function deal(at: number, fields: Partial<Deal>): Deal {
  return docAt<Deal>(at, {
    name: 'Deal',
    pipelineId: PIPELINE_ID,
    stageId: 'proposal',
    status: 'open',
    amount: 100_000,
    currency: 'USD',
    closeDate: '',
    ownerId: '',
    contactId: '',
    companyId: '',
    lostReason: '',
    stageHistory: [],
    position: 0,
    ...fields,
  } as Omit<DocFields<Deal>, 'createdAt'>)
}

function task(at: number, dueAt: number): Activity {
  return docAt<Activity>(at, { kind: 'task', contactId: '', companyId: '', subject: 'Call back', body: '', occurredAt: at, dueAt, done: false })
}

/** The card of the key figure `label`. */
function card(label: string): HTMLElement {
  const item = within(screen.getByRole('list', { name: 'Key figures' }))
    .getAllByRole('listitem')
    .find((entry) => entry.querySelector('p')?.textContent === label)
  if (!item) throw new Error(`no card ${label}`)
  return item
}

describe('HomePage', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
    performance.clearMarks('outpost:home-rendered')
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('welcomes an empty workspace with a way to load demo data or import', async () => {
    renderWithProviders(<HomePage />, { data })
    expect(await screen.findByRole('heading', { name: 'Welcome to Outpost' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Load demo data' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Import contacts' })).toHaveAttribute('href', '#/import')
  })

  it('shows the period against the previous one, and follows the presets and the comparison switch', async () => {
    const user = userEvent.setup()
    const now = Date.now()
    const contact = (daysAgo: number) => docAt<Contact>(now - daysAgo * DAY, contactFields({ email: `p${daysAgo}-${Math.random()}@example.com` }))
    await data.db.contacts.bulkInsert([contact(2), contact(2), contact(3), contact(40), contact(45), contact(100)])
    await data.db.settings.bulkInsert([docAt<Setting>(now - 200 * DAY, defaultPipelineFields() as Omit<DocFields<Setting>, 'createdAt'>, PIPELINE_ID)])
    await data.db.deals.bulkInsert([
      deal(now - 60 * DAY, {}),
      deal(now - 60 * DAY, { status: 'won', amount: 250_000, closedAt: now - 5 * DAY }),
      deal(now - 60 * DAY, { status: 'lost', lostReason: 'Budget', closedAt: now - 3 * DAY }),
      deal(now - 90 * DAY, { status: 'won', amount: 70_000, closedAt: now - 45 * DAY }),
    ])
    await data.db.activities.bulkInsert([task(now - 10 * DAY, now - 2 * DAY), task(now - 10 * DAY, startOfLocalDay(now)), task(now - 10 * DAY, now + 5 * DAY)])
    renderWithProviders(<HomePage />, { data })

    await waitFor(() => expect(card('New contacts')).toHaveTextContent('3'))
    expect(card('New contacts')).toHaveTextContent('+50%')
    expect(card('New contacts')).toHaveTextContent('2 in the previous 30 days')
    expect(card('Open pipeline')).toHaveTextContent('$1,000')
    expect(card('Open pipeline')).toHaveTextContent('$500 weighted · 1 open deal')
    expect(card('Deals won')).toHaveTextContent('$2,500')
    expect(card('Deals won')).toHaveTextContent('+257%')
    expect(card('Win rate')).toHaveTextContent('50.0%')
    expect(card('Win rate')).toHaveTextContent('−50 pts')
    expect(card('Your tasks due')).toHaveTextContent('1today')
    expect(card('Your tasks due')).toHaveTextContent('1 overdue')
    expect(within(card('Your tasks due')).getByRole('link')).toHaveAttribute('href', '#/tasks')
    // No campaign in the workspace: no engagement card.
    expect(screen.queryByText('Campaign engagement')).not.toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Lifecycle funnel' })).toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Forecast by month' })).toBeInTheDocument()
    await waitFor(() => expect(performance.getEntriesByName('outpost:home-rendered')).toHaveLength(1))

    // 7 days: nothing in the 7 days before, so "new" rather than a percentage of zero.
    screen.getByRole('radio', { name: '30 days' }).focus()
    await user.keyboard('{ArrowLeft}')
    await waitFor(() => expect(card('New contacts')).toHaveTextContent('new'))
    expect(card('Deals won')).toHaveTextContent('$2,500')

    await user.click(screen.getByRole('radio', { name: '1 year' }))
    await waitFor(() => expect(card('New contacts')).toHaveTextContent('6'))
    expect(card('Deals won')).toHaveTextContent('$3,200')

    await user.click(screen.getByRole('checkbox', { name: 'vs previous period' }))
    expect(card('New contacts')).not.toHaveTextContent('new')
    expect(card('New contacts')).toHaveTextContent('6 contacts in all')
  })

  it('shows campaign engagement once campaigns exist, against the campaigns sent before', async () => {
    const now = Date.now()
    await data.db.contacts.bulkInsert([docAt<Contact>(now - DAY, contactFields({ email: 'a@example.com' }))])
    const sent = (daysAgo: number, uniqueOpens: number, uniqueClicks: number) =>
      campaignFields({ status: 'sent', startedAt: now - daysAgo * DAY, stats: statsFields({ sent: 100, delivered: 100, uniqueOpens, uniqueClicks }) })
    await insertSyncedDocs<Campaign>(data.db.campaigns, [sent(3, 40, 10), sent(40, 30, 5)])
    renderWithProviders(<HomePage />, { data })
    await waitFor(() => expect(card('Campaign engagement')).toHaveTextContent('40.0%'))
    expect(card('Campaign engagement')).toHaveTextContent('+10 pts')
    expect(card('Campaign engagement')).toHaveTextContent('opened · 10.0% clicked · 1 sent')
    expect(within(card('Campaign engagement')).getByRole('link')).toHaveAttribute('href', '#/analytics')
  })

  it('shows the deal figures at once while the contacts are still being read', async () => {
    const now = Date.now()
    await data.db.contacts.bulkInsert([docAt<Contact>(now - DAY, contactFields({ email: 'a@example.com' }))])
    await data.db.deals.bulkInsert([deal(now - DAY, { amount: 420_000 })])
    // As right after a start with 100,000 contacts: the index is still loading.
    data.contacts.loading = true
    renderWithProviders(<HomePage />, { data })
    await waitFor(() => expect(card('Open pipeline')).toHaveTextContent('$4,200'))
    expect(card('New contacts')).toHaveTextContent('Reading 1 contact…')
    expect(performance.getEntriesByName('outpost:home-rendered')).toHaveLength(0)

    data.contacts.loading = false
    await data.db.contacts.bulkInsert([docAt<Contact>(now - DAY, contactFields({ email: 'b@example.com' }))])
    await waitFor(() => expect(card('New contacts')).toHaveTextContent('2'))
    expect(screen.queryByText(/Reading/)).not.toBeInTheDocument()
    await waitFor(() => expect(performance.getEntriesByName('outpost:home-rendered')).toHaveLength(1))
  })

  it('explains a custom range that is not one', async () => {
    const user = userEvent.setup()
    await data.db.contacts.bulkInsert([docAt<Contact>(Date.now() - DAY, contactFields({ email: 'a@example.com' }))])
    renderWithProviders(<HomePage />, { data })
    await screen.findByRole('list', { name: 'Key figures' })
    await user.click(screen.getByRole('radio', { name: 'Custom' }))
    await user.clear(screen.getByLabelText('From'))
    await user.type(screen.getByLabelText('From'), '2030-01-10')
    expect(await screen.findByRole('alert')).toHaveTextContent('The start date is after the end date.')
    expect(screen.queryByRole('list', { name: 'Key figures' })).not.toBeInTheDocument()
  })
})
