import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import Papa from 'papaparse'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { ContactsPage } from '../contacts/ContactsPage'
import { tagFilterSet } from '../contacts/contactsSlice'
import { giveElementsASize, seedCompany, seedContacts, seedCustomField } from '../contacts/contactsTestUtils'
import { auditRecorderFor } from '../privacy/auditRecorder'
import { captureDownloads, readBlob, readBlobBytes, type CapturedDownloads } from './captureDownloads'

let data: OutpostData
let downloads: CapturedDownloads

beforeEach(async () => {
  window.localStorage.clear()
  giveElementsASize()
  downloads = captureDownloads()
  data = await createTestData()
  const nasa = await seedCompany(data, 'NASA')
  await seedCustomField(data, { key: 'plan', label: 'Plan', fieldType: 'text' })
  await seedContacts(data, [
    { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', tags: ['vip', 'math'], lifecycleStage: 'customer', customFields: { plan: '=Pro' } },
    { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.mil', tags: ['vip'], lifecycleStage: 'lead' },
    { firstName: 'Margaret', lastName: 'Hamilton', email: 'margaret@nasa.gov', companyId: nasa.id, lifecycleStage: 'lead' },
  ])
})

afterEach(async () => {
  downloads.restore()
  await closeTestData(data)
  vi.restoreAllMocks()
})

async function exportedRows(): Promise<string[][]> {
  await waitFor(() => expect(downloads.files).toHaveLength(1))
  const bytes = await readBlobBytes(downloads.files[0]!.blob)
  // UTF-8 byte-order mark first, so Excel reads accents right.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return Papa.parse<string[]>(await readBlob(downloads.files[0]!.blob), { skipEmptyLines: true }).data
}

describe('Contacts → Export', () => {
  it('exports all contacts with every column, records it for the audit log and says so', async () => {
    const user = userEvent.setup()
    renderWithProviders(
      <>
        <ContactsPage />
        <Toasts />
      </>,
      { data },
    )
    await user.click(await screen.findByRole('button', { name: 'Export' }))
    const dialog = await screen.findByRole('dialog', { name: 'Export contacts' })
    // Nothing filtered or selected: one choice.
    expect(within(dialog).queryByRole('radio')).toBeNull()
    await user.click(within(dialog).getByRole('button', { name: 'Export 3 contacts' }))

    const [header, ...rows] = await exportedRows()
    expect(header?.slice(0, 9)).toEqual(['Email', 'First name', 'Last name', 'Phone', 'Title', 'Company', 'Tags', 'Lifecycle stage', 'Plan'])
    // The list's order (by name: last name first).
    expect(rows.map((row) => row[0])).toEqual(['margaret@nasa.gov', 'grace@navy.mil', 'ada@example.com'])
    expect(rows[2]?.slice(5, 9)).toEqual(['', 'vip, math', 'Customer', "'=Pro"])
    expect(rows[0]?.[5]).toBe('NASA')
    expect(downloads.files[0]?.name).toMatch(/^outpost-contacts-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(await screen.findByText(/Exported 3 contacts to outpost-contacts-/)).toBeInTheDocument()
    expect(auditRecorderFor(data).pending()).toEqual([expect.objectContaining({ kind: 'csv-export', subject: 'all contacts', rowCount: 3 })])
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('offers the filtered list and exports just it, in the list’s order', async () => {
    const user = userEvent.setup()
    const { store } = renderWithProviders(<ContactsPage />, { data })
    act(() => {
      store.dispatch(tagFilterSet(['vip']))
    })
    await user.click(await screen.findByRole('button', { name: 'Export' }))
    const dialog = await screen.findByRole('dialog', { name: 'Export contacts' })
    expect(within(dialog).getByRole('radio', { name: /The filtered list/ })).toBeChecked()
    expect(within(dialog).getByRole('radio', { name: /All contacts/ })).not.toBeChecked()
    await user.click(within(dialog).getByRole('button', { name: 'Export 2 contacts' }))

    const [, ...rows] = await exportedRows()
    expect(rows.map((row) => row[0])).toEqual(['grace@navy.mil', 'ada@example.com'])
    expect(auditRecorderFor(data).pending()).toEqual([expect.objectContaining({ subject: 'filtered contacts: tags vip', rowCount: 2 })])
  })
})
