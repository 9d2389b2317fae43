import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Contact, Setting, SingletonSettingKind } from '@core/schema'
import { findSettingSingleton } from '../../data/settingSingletons'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { contactFields } from '../../test/fixtures'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { ContactScoreCard } from './ContactScoreCard'
import { LifecycleSection } from './LifecycleSection'
import { ScoringSection } from './ScoringSection'

async function setting(data: OutpostData, kind: SingletonSettingKind): Promise<Setting | undefined> {
  return (await findSettingSingleton(data.db, kind)) ?? undefined
}

describe('Lead scoring settings', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('explains bad input next to the rule and saves nothing, then saves a valid rule', async () => {
    const user = userEvent.setup()
    renderWithProviders(<ScoringSection />, { data })
    const conditions = screen.getByRole('group', { name: 'Who they are' })
    await user.click(within(conditions).getByRole('button', { name: 'Add condition' }))
    const rule = within(conditions).getAllByRole('listitem', { name: 'Scoring rule' }).at(-1)!
    await user.clear(within(rule).getByLabelText('Points'))
    await user.type(within(rule).getByLabelText('Points'), '60')
    await user.click(screen.getByRole('button', { name: 'Save rules' }))
    expect(await within(rule).findByRole('alert')).toHaveTextContent('Enter a value to compare with.')
    expect(await setting(data, 'scoring')).toBeUndefined()

    await user.type(within(rule).getByLabelText('Value'), 'VP')
    await user.clear(screen.getByLabelText('Sales qualified (SQL) at'))
    await user.type(screen.getByLabelText('Sales qualified (SQL) at'), '10')
    await user.click(screen.getByRole('button', { name: 'Save rules' }))
    expect(await screen.findByText('The SQL threshold must be higher than the MQL threshold.')).toBeInTheDocument()

    await user.clear(screen.getByLabelText('Sales qualified (SQL) at'))
    await user.type(screen.getByLabelText('Sales qualified (SQL) at'), '80')
    await user.click(screen.getByRole('button', { name: 'Save rules' }))
    await waitFor(async () => expect((await setting(data, 'scoring'))?.sqlThreshold).toBe(80))
    const saved = await setting(data, 'scoring')
    expect(saved?.rules?.at(-1)).toMatchObject({ kind: 'field', field: 'title', operator: 'contains', value: 'VP', points: 60, enabled: true })
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save rules' })).toBeDisabled())
  })

  it('turns a rule off and back to the saved rules with Discard', async () => {
    const user = userEvent.setup()
    renderWithProviders(<ScoringSection />, { data })
    const [first] = screen.getAllByRole('checkbox', { name: 'Rule in use' })
    await user.click(first!)
    expect(screen.getByRole('button', { name: 'Save rules' })).toBeEnabled()
    await user.click(screen.getByRole('button', { name: 'Discard' }))
    expect(screen.getAllByRole('checkbox', { name: 'Rule in use' })[0]).toBeChecked()
    expect(screen.getByRole('button', { name: 'Save rules' })).toBeDisabled()
  })

  it('renames a stage and turns automation off in the lifecycle settings', async () => {
    const user = userEvent.setup()
    renderWithProviders(<LifecycleSection />, { data })
    const name = await screen.findByRole('textbox', { name: 'Name of Marketing qualified' })
    await user.clear(name)
    await user.click(screen.getByRole('button', { name: 'Save stages' }))
    expect(await screen.findByText('Give the stage a name.')).toBeInTheDocument()
    expect(await setting(data, 'lifecycle')).toBeUndefined()

    await user.type(name, 'MQL')
    await user.click(screen.getByRole('checkbox', { name: /Move contacts by score/ }))
    await user.click(screen.getByRole('button', { name: 'Save stages' }))
    await waitFor(async () => expect((await setting(data, 'lifecycle'))?.automation?.scoreMoves).toBe(false))
    const saved = await setting(data, 'lifecycle')
    expect(saved?.lifecycleStages?.find((s) => s.stage === 'marketingQualified')?.label).toBe('MQL')
  })
})

describe('ContactScoreCard', () => {
  it('lists which rules gave which points and the stage history', async () => {
    const data = await createTestData()
    const contact = await insertSyncedDoc<Contact>(
      data.db.contacts,
      contactFields({
        email: 'ada@x.test',
        title: 'Sales Director',
        scoreAdjustment: 3,
        lifecycleStage: 'marketingQualified',
        stageHistory: [
          { stage: 'lead', at: Date.now() - 86_400_000, source: 'import' },
          { stage: 'marketingQualified', at: Date.now(), source: 'score' },
        ],
      }),
    )
    renderWithProviders(<ContactScoreCard contact={contact} />, { data })
    const card = screen.getByRole('region', { name: 'Lead score' })
    expect(within(card).getByTestId('contact-score')).toHaveTextContent('13')
    const points = within(card).getByRole('list', { name: 'Where the points come from' })
    expect(within(points).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Job title contains Director +10', 'Manual adjustment +3'])
    const history = within(card).getByRole('list', { name: 'Stage history' })
    expect(within(history).getAllByRole('listitem')[0]).toHaveTextContent('Marketing qualified by lead score')
    await closeTestData(data)
  })
})
