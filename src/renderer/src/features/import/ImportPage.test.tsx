import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Contact } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { contactFields } from '../../test/fixtures'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { ImportPage } from './ImportPage'
import { ImportSession } from './importSession'
import { csvFile, inProcessWorker } from './importTestUtils'

let data: OutpostData
beforeEach(async () => {
  data = await createTestData()
})
afterEach(async () => {
  await closeTestData(data)
})

describe('ImportPage', () => {
  it('offers a file input and a drop zone first', async () => {
    renderWithProviders(<ImportPage session={new ImportSession(inProcessWorker)} />, { data })
    expect(screen.getByRole('heading', { level: 1, name: 'Import contacts' })).toBeInTheDocument()
    expect(screen.getByText('Drop a CSV file here')).toBeInTheDocument()
    expect(screen.getByLabelText('CSV file')).toHaveAttribute('type', 'file')
    expect(screen.getByRole('button', { name: 'Choose a CSV file' })).toBeInTheDocument()
  })

  it('maps columns with a preview of the outcome per row, then imports and sums up', async () => {
    await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'ada@example.com', firstName: 'Ada' }))
    const session = new ImportSession(inProcessWorker)
    const user = userEvent.setup()
    renderWithProviders(<ImportPage session={session} />, { data })
    session.chooseFile(
      csvFile('people.csv', 'E-mail;Full name;Stage;Shoe size\nada@example.com;Ada Lovelace;Customer;38\ngrace@example.com;Grace Hopper;Admiral;40\nlin@example.com;Lin;;\n'),
      [],
    )
    expect(await screen.findByRole('heading', { name: 'Map columns' })).toBeInTheDocument()
    expect(screen.getByText(/semicolon-separated, UTF-8/)).toBeInTheDocument()
    expect(screen.getByLabelText('Import “E-mail” as')).toHaveValue('field:email')
    expect(screen.getByLabelText('Import “Shoe size” as')).toHaveValue('ignore')

    const preview = screen.getByRole('table', { name: 'Import preview' })
    const rows = within(preview).getAllByRole('row').slice(1)
    await vi.waitFor(() => expect(rows[0]).toHaveTextContent('Updates contact'))
    expect(rows[0]).toHaveTextContent('Customer')
    expect(rows[1]).toHaveTextContent('Not imported')
    expect(rows[1]).toHaveTextContent('Unknown lifecycle stage "Admiral"')
    expect(rows[2]).toHaveTextContent('New contact')

    await user.click(screen.getByRole('radio', { name: /Skip the row/ }))
    expect(within(preview).getAllByRole('row')[1]).toHaveTextContent('Skipped')
    await user.selectOptions(screen.getByLabelText('Import “Shoe size” as'), 'New text field “Shoe size”')
    expect(within(preview).getByRole('columnheader', { name: 'Shoe size' })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Start import' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Import finished: 1 created, 0 updated, 1 skipped, 1 failed.')
    expect(screen.getByText('Row 3')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Download error report' })).toBeInTheDocument()
    expect(screen.getByText(/also 1 new custom field/)).toBeInTheDocument()
  })
})
