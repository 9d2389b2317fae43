import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { CustomFieldDefinition, Setting } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { SettingsPage } from './SettingsPage'

async function definitions(data: OutpostData): Promise<CustomFieldDefinition[]> {
  const docs = await data.db.settings.find({ selector: { kind: 'customField' } }).exec()
  return docs.map((doc) => doc.toJSON() as CustomFieldDefinition).sort((a, b) => a.position - b.position)
}

describe('SettingsPage', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('shows About with the app info and the local-only sync line', async () => {
    renderWithProviders(<SettingsPage />, { data })
    const about = screen.getByRole('region', { name: 'About' })
    expect(within(about).getByText('Local only — everything is saved on this device.')).toBeInTheDocument()
    // The web platform reports its name once getAppInfo resolves.
    await waitFor(() => expect(within(about).queryByText('…')).not.toBeInTheDocument())
  })

  it('refuses an invalid key, derives the key from the label, and saves a select field', async () => {
    const user = userEvent.setup()
    renderWithProviders(<SettingsPage />, { data })
    await user.click(screen.getByRole('button', { name: 'Add field' }))
    const dialog = await screen.findByRole('dialog', { name: 'New custom field' })

    await user.type(within(dialog).getByRole('textbox', { name: 'Label' }), 'Renewal date')
    expect(within(dialog).getByRole('textbox', { name: 'Key' })).toHaveValue('renewalDate')

    await user.clear(within(dialog).getByRole('textbox', { name: 'Key' }))
    await user.type(within(dialog).getByRole('textbox', { name: 'Key' }), 'Renewal-Date')
    await user.click(within(dialog).getByRole('button', { name: 'Add field' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('A key starts with a lowercase letter')
    expect(await definitions(data)).toHaveLength(0)

    // A select needs at least one option.
    await user.clear(within(dialog).getByRole('textbox', { name: 'Key' }))
    await user.type(within(dialog).getByRole('textbox', { name: 'Key' }), 'plan')
    await user.clear(within(dialog).getByRole('textbox', { name: 'Label' }))
    await user.type(within(dialog).getByRole('textbox', { name: 'Label' }), 'Plan')
    expect(within(dialog).getByRole('textbox', { name: 'Key' })).toHaveValue('plan')
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Type' }), 'Single select')
    await user.click(within(dialog).getByRole('button', { name: 'Add field' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Add at least one option')
    expect(await definitions(data)).toHaveLength(0)

    await user.type(within(dialog).getByRole('textbox', { name: 'Options' }), 'Starter{Enter}Growth{Enter}{Enter}Starter')
    await user.click(within(dialog).getByRole('button', { name: 'Add field' }))
    await waitFor(async () => expect(await definitions(data)).toHaveLength(1))
    expect((await definitions(data))[0]).toMatchObject({ kind: 'customField', label: 'Plan', key: 'plan', fieldType: 'select', options: ['Starter', 'Growth'] })
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(await screen.findByRole('rowheader', { name: 'Plan' })).toBeInTheDocument()
  })

  it('refuses a key another field already uses', async () => {
    const user = userEvent.setup()
    await insertSyncedDoc<Setting>(data.db.settings, { kind: 'customField', key: 'seats', label: 'Seats', fieldType: 'number', options: [], position: 0 })
    renderWithProviders(<SettingsPage />, { data })
    await user.click(screen.getByRole('button', { name: 'Add field' }))
    const dialog = await screen.findByRole('dialog', { name: 'New custom field' })
    await user.type(within(dialog).getByRole('textbox', { name: 'Label' }), 'Seats{Enter}')
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('“Seats” already uses the key seats')
    expect(await definitions(data)).toHaveLength(1)
  })

  it('reorders with up/down and deletes only after one confirmation', async () => {
    const user = userEvent.setup()
    await insertSyncedDoc<Setting>(data.db.settings, { kind: 'customField', key: 'plan', label: 'Plan', fieldType: 'text', options: [], position: 0 })
    await insertSyncedDoc<Setting>(data.db.settings, { kind: 'customField', key: 'seats', label: 'Seats', fieldType: 'number', options: [], position: 1 })
    renderWithProviders(<SettingsPage />, { data })

    await user.click(await screen.findByRole('button', { name: 'Move Seats up' }))
    await waitFor(async () => expect((await definitions(data)).map((definition) => definition.key)).toEqual(['seats', 'plan']))
    await waitFor(() => expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['Seats', 'Plan']))

    await user.click(screen.getByRole('button', { name: 'Delete Plan' }))
    const confirm = screen.getByRole('dialog', { name: 'Delete the field “Plan”?' })
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }))
    expect(await definitions(data)).toHaveLength(2)

    await user.click(screen.getByRole('button', { name: 'Delete Plan' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete field' }))
    await waitFor(async () => expect((await definitions(data)).map((definition) => definition.key)).toEqual(['seats']))
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'Plan' })).not.toBeInTheDocument())
  })
})
