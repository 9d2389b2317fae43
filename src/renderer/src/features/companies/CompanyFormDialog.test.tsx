import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Company } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { CompanyFormDialog } from './CompanyFormDialog'

async function allCompanies(data: OutpostData): Promise<Company[]> {
  return (await data.db.companies.find().exec()).map((doc) => doc.toJSON() as Company)
}

const blankCompany = { name: '', domain: '', industry: '', phone: '', city: '', country: '', tags: [] as string[] }

describe('CompanyFormDialog', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
    window.location.hash = '#/companies'
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('refuses an invalid domain and a missing name, then saves a valid company', async () => {
    const user = userEvent.setup()
    const { store } = renderWithProviders(<CompanyFormDialog />, { data, preloadedState: { ui: { ...initialUi(), companyDialog: { mode: 'create' } } } })
    const dialog = await screen.findByRole('dialog', { name: 'New company' })

    await user.type(within(dialog).getByRole('textbox', { name: 'Domain' }), 'not a domain')
    await user.type(within(dialog).getByRole('textbox', { name: 'Employees' }), 'many')
    await user.click(within(dialog).getByRole('button', { name: 'Create company' }))
    expect(await within(dialog).findByText('Enter the company name')).toBeInTheDocument()
    expect(within(dialog).getByText('Enter a domain like acme.com')).toBeInTheDocument()
    expect(within(dialog).getByText('Employees must be a whole number, like 250')).toBeInTheDocument()
    expect(within(dialog).getByRole('textbox', { name: 'Domain' })).toHaveAttribute('aria-invalid', 'true')
    expect(await allCompanies(data)).toHaveLength(0)

    // A valid name alone is not enough: the bad domain still blocks the save.
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Acme Rockets')
    await user.click(within(dialog).getByRole('button', { name: 'Create company' }))
    expect(await within(dialog).findByText('Enter a domain like acme.com')).toBeInTheDocument()
    expect(await allCompanies(data)).toHaveLength(0)

    await user.clear(within(dialog).getByRole('textbox', { name: 'Domain' }))
    await user.type(within(dialog).getByRole('textbox', { name: 'Domain' }), 'https://www.Acme-Rockets.COM/about')
    await user.clear(within(dialog).getByRole('textbox', { name: 'Employees' }))
    await user.type(within(dialog).getByRole('textbox', { name: 'Employees' }), '1,200')
    await user.click(within(dialog).getByRole('button', { name: 'Create company' }))

    await waitFor(async () => expect(await allCompanies(data)).toHaveLength(1))
    const [saved] = await allCompanies(data)
    expect(saved).toMatchObject({ name: 'Acme Rockets', domain: 'acme-rockets.com', employees: 1200 })
    expect(store.getState().ui.companyDialog).toBeNull()
    expect(window.location.hash).toBe(`#/companies/${saved?.id}`)
  })

  it('warns about a duplicate name with a link to the existing company', async () => {
    const user = userEvent.setup()
    const existing = await insertSyncedDoc<Company>(data.db.companies, { ...blankCompany, name: 'Globex' })
    renderWithProviders(<CompanyFormDialog />, { data, preloadedState: { ui: { ...initialUi(), companyDialog: { mode: 'create' } } } })
    const dialog = await screen.findByRole('dialog', { name: 'New company' })
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), '  globex ')
    expect(await within(dialog).findByText(/A company with this name already exists/)).toBeInTheDocument()
    expect(within(dialog).getByRole('link', { name: 'open Globex' })).toHaveAttribute('href', `#/companies/${existing.id}`)
  })

  it('edits an existing company in place', async () => {
    const user = userEvent.setup()
    const existing = await insertSyncedDoc<Company>(data.db.companies, { ...blankCompany, name: 'Initech', domain: 'initech.com' })
    renderWithProviders(<CompanyFormDialog />, {
      data,
      preloadedState: { ui: { ...initialUi(), companyDialog: { mode: 'edit', id: existing.id } } },
    })
    const dialog = await screen.findByRole('dialog', { name: 'Edit company' })
    const city = await within(dialog).findByRole('textbox', { name: 'City' })
    expect(within(dialog).getByRole('textbox', { name: 'Domain' })).toHaveValue('initech.com')
    await user.type(city, 'Austin{Enter}')
    await waitFor(async () => expect((await allCompanies(data))[0]).toMatchObject({ name: 'Initech', city: 'Austin' }))
    expect(await allCompanies(data)).toHaveLength(1)
  })

  it('clears an employee count that is emptied', async () => {
    const user = userEvent.setup()
    const existing = await insertSyncedDoc<Company>(data.db.companies, { ...blankCompany, name: 'Initrode', employees: 40 })
    renderWithProviders(<CompanyFormDialog />, {
      data,
      preloadedState: { ui: { ...initialUi(), companyDialog: { mode: 'edit', id: existing.id } } },
    })
    const dialog = await screen.findByRole('dialog', { name: 'Edit company' })
    const employees = await within(dialog).findByRole('textbox', { name: 'Employees' })
    await user.clear(employees)
    await user.type(employees, '{Enter}')
    await waitFor(async () => expect((await allCompanies(data))[0]).not.toHaveProperty('employees'))
    expect((await allCompanies(data))[0]).toMatchObject({ name: 'Initrode' })
  })
})

function initialUi() {
  return { commandPaletteOpen: false, contactDialog: null, companyDialog: null, toasts: [] }
}
