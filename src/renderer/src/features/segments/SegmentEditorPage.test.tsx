import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Segment } from '@core/schema'
import { segmentFieldDescriptors } from '@core/segments/segmentFields'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { giveElementsASize, seedContacts } from '../contacts/contactsTestUtils'
import { starterRules } from './ruleEdits'
import { SegmentEditorPage } from './SegmentEditorPage'
import { SegmentsPage } from './SegmentsPage'

describe('segment editor', { timeout: 15_000 }, () => {
  let data: OutpostData
  beforeEach(async () => {
    giveElementsASize()
    data = await createTestData()
    await seedContacts(data, [
      { firstName: 'Ada', email: 'ada@example.com', lifecycleStage: 'customer', tags: ['vip'] },
      { firstName: 'Bob', email: 'bob@example.com', lifecycleStage: 'customer' },
      { firstName: 'Cy', email: 'cy@example.com', lifecycleStage: 'lead', tags: ['vip'] },
      { firstName: 'Dee', email: 'dee@example.com', lifecycleStage: 'lead', tags: ['vip'], unsubscribed: true },
    ])
  })
  afterEach(async () => {
    await closeTestData(data)
    vi.restoreAllMocks()
  })

  async function newSegment(): Promise<Segment> {
    return insertSyncedDoc<Segment>(data.db.segments, { name: 'VIPs', kind: 'dynamic', rules: starterRules(segmentFieldDescriptors([])) })
  }

  it('counts live while conditions are built, AND narrows and OR widens, and the rules are saved', async () => {
    const user = userEvent.setup()
    const segment = await newSegment()
    renderWithProviders(<SegmentEditorPage id={segment.id} />, { data })
    const audience = await screen.findByRole('status', { name: 'Audience' })
    // The starter row ("Email contains …") is unfinished: it matches nobody and says why.
    await waitFor(() => expect(audience).toHaveTextContent('0 contacts'))
    expect(screen.getByRole('alert')).toHaveTextContent('Enter a value.')

    const [first] = screen.getAllByRole('group', { name: 'Condition' })
    await user.selectOptions(within(first!).getByRole('combobox', { name: 'Field' }), 'Lifecycle stage')
    await user.selectOptions(within(first!).getByRole('combobox', { name: 'Value' }), 'Customer')
    await waitFor(() => expect(audience).toHaveTextContent('2 contacts'))
    const sample = screen.getByRole('list', { name: 'Matching contacts' })
    expect(within(sample).getByRole('link', { name: /Ada/ })).toHaveAttribute('href', '#/contacts/' + data.contacts.query({ text: 'ada', tags: [], stages: [], companyIds: [], sort: { field: 'name', direction: 'asc' } })[0])

    await user.click(screen.getByRole('button', { name: 'Add condition' }))
    const second = screen.getAllByRole('group', { name: 'Condition' })[1]!
    await user.selectOptions(within(second).getByRole('combobox', { name: 'Field' }), 'Tags')
    await user.type(within(second).getByRole('combobox', { name: 'Values' }), 'vip{Enter}')
    // Stage is customer AND has the vip tag: Ada.
    await waitFor(() => expect(audience).toHaveTextContent(/^1 contact$/))

    await user.selectOptions(screen.getByRole('combobox', { name: 'Group 1 match' }), 'any (OR)')
    // Customer OR vip: Ada, Bob, Cy; Dee is vip too but unsubscribed.
    await waitFor(() => expect(audience).toHaveTextContent('3 contacts · 1 unsubscribed or bounced excluded'))

    await waitFor(async () => {
      const stored = (await data.db.segments.findOne(segment.id).exec())?.toJSON() as Segment
      expect(stored.rules.groups[0]?.match).toBe('any')
      expect(stored.rules.groups[0]?.conditions.map((condition) => [condition.field, condition.operator, condition.value, condition.values])).toEqual([
        ['contact.lifecycleStage', 'equals', 'customer', []],
        ['contact.tags', 'hasAny', '', ['vip']],
      ])
    })
  })

  it('combines groups with AND or OR', async () => {
    const user = userEvent.setup()
    const segment = await newSegment()
    renderWithProviders(<SegmentEditorPage id={segment.id} />, { data })
    const audience = await screen.findByRole('status', { name: 'Audience' })
    const [first] = screen.getAllByRole('group', { name: 'Condition' })
    await user.type(within(first!).getByRole('textbox', { name: 'Value' }), 'ada')
    await waitFor(() => expect(audience).toHaveTextContent(/^1 contact$/))

    await user.click(screen.getByRole('button', { name: 'Add group' }))
    const group2 = screen.getByRole('region', { name: 'Group 2' })
    await user.type(within(group2).getByRole('textbox', { name: 'Value' }), 'bob')
    // Email contains "ada" AND email contains "bob": nobody.
    await waitFor(() => expect(audience).toHaveTextContent('0 contacts'))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Match between groups' }), 'any (OR)')
    await waitFor(() => expect(audience).toHaveTextContent('2 contacts'))

    await user.click(within(group2).getByRole('button', { name: 'Remove group' }))
    await waitFor(() => expect(audience).toHaveTextContent(/^1 contact$/))
  })

  it('lists segments with live counts and creates a new one', async () => {
    const user = userEvent.setup()
    const segment = await newSegment()
    await insertSyncedDoc<Segment>(data.db.segments, {
      name: 'Customers',
      kind: 'dynamic',
      rules: { match: 'all', groups: [{ id: 'g', match: 'all', conditions: [{ id: 'c', field: 'contact.lifecycleStage', operator: 'equals', value: 'customer', value2: '', values: [] }] }] },
    })
    renderWithProviders(<SegmentsPage />, { data })
    const list = await screen.findByRole('list', { name: 'Segments' })
    const customers = within(list).getByText('Customers').closest('li')!
    await waitFor(() => expect(customers).toHaveTextContent('2 contacts'))
    expect(within(list).getByText(segment.name).closest('li')).toHaveTextContent('0 contacts')

    await user.click(screen.getByRole('button', { name: 'New segment' }))
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/segments\/[0-9A-Z]{26}$/))
  })
  it('fills a static list from a segment and removes a member', async () => {
    const user = userEvent.setup()
    await insertSyncedDoc<Segment>(data.db.segments, {
      name: 'Tagged vip',
      kind: 'dynamic',
      rules: { match: 'all', groups: [{ id: 'g', match: 'all', conditions: [{ id: 'c', field: 'contact.tags', operator: 'hasAny', value: '', value2: '', values: ['vip'] }] }] },
    })
    const list = await insertSyncedDoc<Segment>(data.db.segments, { name: 'Launch guests', kind: 'static', rules: { match: 'all', groups: [] } })
    renderWithProviders(<SegmentEditorPage id={list.id} />, { data })
    expect(await screen.findByText('This list is empty')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Add contacts matching…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add contacts to Launch guests' })
    await user.click(within(dialog).getByRole('button', { name: 'Add 3 contacts' }))
    const members = await screen.findByRole('list', { name: 'Members' })
    await waitFor(() => expect(within(members).getAllByRole('listitem')).toHaveLength(3))
    // Dee is a member but unsubscribed: listed, not counted as mailable.
    expect(screen.getByRole('status', { name: 'Audience' })).toHaveTextContent('2 contacts · 1 unsubscribed or bounced excluded')

    await user.click(within(members).getByRole('button', { name: 'Remove Cy' }))
    await waitFor(() => expect(within(members).getAllByRole('listitem')).toHaveLength(2))
    const cy = data.contacts.get(data.contacts.query({ text: 'cy@', tags: [], stages: [], companyIds: [], sort: { field: 'name', direction: 'asc' } })[0]!)
    expect(cy?.lists).toEqual([])
  })
})
