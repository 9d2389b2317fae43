import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Company, Contact } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDocs } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { CompaniesPage } from './CompaniesPage'

const blankCompany = { name: '', domain: '', industry: '', phone: '', city: '', country: '', tags: [] as string[] }

describe('CompaniesPage', () => {
  let data: OutpostData
  // jsdom has no layout: give the virtualized list's scroll box a height so it renders rows.
  const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 })
  })
  afterAll(() => {
    if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight)
  })
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('offers to create a company or load demo data when there are none', async () => {
    const user = userEvent.setup()
    const { store } = renderWithProviders(<CompaniesPage />, { data })
    expect(await screen.findByRole('heading', { name: 'No companies yet' })).toBeInTheDocument()
    await user.click(screen.getAllByRole('button', { name: 'New company' })[1]!)
    expect(store.getState().ui.companyDialog).toEqual({ mode: 'create' })
    await user.click(screen.getByRole('button', { name: 'Load demo data' }))
    expect(window.location.hash).toBe('#/settings')
  })

  it('lists thousands of companies virtualized, alphabetically, with contact counts and search', async () => {
    const user = userEvent.setup()
    const rows = Array.from({ length: 2_000 }, (_, index) => ({
      ...blankCompany,
      name: `Company ${String(index).padStart(4, '0')}`,
      industry: index % 2 ? 'Retail' : 'Software',
    }))
    rows.push({ ...blankCompany, name: 'acme', domain: 'acme.io', city: 'Oslo', country: 'Norway' })
    const companies = await insertSyncedDocs<Company>(data.db.companies, rows)
    const acme = companies[companies.length - 1]!
    await insertSyncedDocs<Contact>(
      data.db.contacts,
      ['a@acme.io', 'b@acme.io'].map((email) => ({
        email,
        firstName: '',
        lastName: '',
        phone: '',
        title: '',
        companyId: acme.id,
        tags: [],
        lifecycleStage: 'lead' as const,
        customFields: {},
      })),
    )
    renderWithProviders(<CompaniesPage />, { data })
    const list = await screen.findByRole('list', { name: 'Companies' })
    const items = within(list).getAllByRole('listitem')
    // Only the visible window is in the DOM, and lowercase "acme" sorts among the A's.
    expect(items.length).toBeGreaterThan(5)
    expect(items.length).toBeLessThan(100)
    expect(items[0]).toHaveTextContent('acme')
    expect(items[0]).toHaveTextContent('Oslo, Norway')
    expect(await within(items[0]!).findByText('2')).toBeInTheDocument()

    await user.type(screen.getByRole('searchbox', { name: 'Search companies' }), 'retail 0001')
    expect(await within(list).findByText('Company 0001')).toBeInTheDocument()
    expect(within(screen.getByRole('list', { name: 'Companies' })).getAllByRole('listitem')).toHaveLength(1)

    await user.clear(screen.getByRole('searchbox', { name: 'Search companies' }))
    await user.type(screen.getByRole('searchbox', { name: 'Search companies' }), 'nothing like this')
    expect(await screen.findByText('No companies match “nothing like this”')).toBeInTheDocument()
    // Thousands of inserts plus typing: generous when the machine is busy.
  }, 20_000)
})
