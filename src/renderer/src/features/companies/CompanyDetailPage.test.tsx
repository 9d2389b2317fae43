import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Company, Contact } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { companyFields, contactFields } from '../../test/fixtures'
import { CompanyDetailPage } from './CompanyDetailPage'


async function companyIdOf(data: OutpostData, contactId: string): Promise<string | undefined> {
  return (await data.db.contacts.findOne(contactId).exec())?.companyId
}

describe('CompanyDetailPage', () => {
  let data: OutpostData
  let company: Company
  let linked: Contact[]
  beforeEach(async () => {
    data = await createTestData()
    company = await insertSyncedDoc<Company>(data.db.companies, companyFields({ name: 'Hooli', domain: 'hooli.com', employees: 5000, city: 'Palo Alto' }))
    const other = await insertSyncedDoc<Company>(data.db.companies, companyFields({ name: 'Pied Piper' }))
    linked = [
      await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ firstName: 'Gavin', lastName: 'Belson', title: 'CEO', companyId: company.id })),
      await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'denpok@hooli.com', companyId: company.id })),
    ]
    await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ firstName: 'Richard', lastName: 'Hendricks', companyId: other.id }))
    window.location.hash = `#/companies/${company.id}`
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('shows the company and lists only its contacts, each opening the contact', async () => {
    renderWithProviders(<CompanyDetailPage id={company.id} />, { data })
    expect(await screen.findByRole('heading', { level: 1, name: 'Hooli' })).toBeInTheDocument()
    expect(screen.getByText('5,000')).toBeInTheDocument()
    const heading = screen.getByRole('heading', { name: /Contacts/ })
    expect(heading).toHaveTextContent('Contacts2')
    const list = screen.getByRole('list', { name: 'Contacts at this company' })
    const links = within(list).getAllByRole('link')
    expect(links.map((link) => link.textContent)).toEqual([expect.stringContaining('denpok@hooli.com'), expect.stringContaining('Gavin Belson')])
    expect(within(list).getByRole('link', { name: /Gavin Belson/ })).toHaveAttribute('href', `#/contacts/${linked[0]?.id}`)
    expect(within(list).queryByText('Richard Hendricks')).not.toBeInTheDocument()
  })

  it('deletes after one confirmation, unlinks its contacts, and undo re-links them', async () => {
    const user = userEvent.setup()
    renderWithProviders(
      <>
        <CompanyDetailPage id={company.id} />
        <Toasts />
      </>,
      { data },
    )
    await user.click(await screen.findByRole('button', { name: 'Delete' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete Hooli?' })
    expect(dialog).toHaveTextContent('Its 2 contacts stay but will no longer be linked to a company.')
    await user.click(within(dialog).getByRole('button', { name: 'Delete company' }))

    await waitFor(async () => expect(await data.db.companies.findOne(company.id).exec()).toBeNull())
    await waitFor(async () => expect(await companyIdOf(data, linked[0]!.id)).toBe(''))
    expect(await companyIdOf(data, linked[1]!.id)).toBe('')
    expect(window.location.hash).toBe('#/companies')

    await user.click(await screen.findByRole('button', { name: 'Undo' }))
    await waitFor(async () => expect(await companyIdOf(data, linked[0]!.id)).toBe(company.id))
    expect(await companyIdOf(data, linked[1]!.id)).toBe(company.id)
    expect((await data.db.companies.findOne(company.id).exec())?.name).toBe('Hooli')
  })

  it('explains a missing company', async () => {
    renderWithProviders(<CompanyDetailPage id="01HZZZZZZZZZZZZZZZZZZZZZZZ" />, { data })
    expect(await screen.findByText('This company was deleted or does not exist')).toBeInTheDocument()
  })
})
