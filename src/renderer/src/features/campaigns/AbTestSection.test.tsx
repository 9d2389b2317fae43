import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Campaign, Template } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc, patchSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { AbTestSection } from './AbTestSection'
import { useCampaign, useTemplates } from './campaignData'
import { campaignFields, templateFields } from './campaignTestData'

/** The section as the editor mounts it: live campaign and templates. */
function Harness({ id, audienceCount }: { id: string; audienceCount: number | null }) {
  const campaign = useCampaign(id)
  const templates = useTemplates()
  if (!campaign || !templates) return null
  return <AbTestSection campaign={campaign} templates={templates} audienceCount={audienceCount} locked={campaign.status !== 'draft'} />
}

describe('AbTestSection', () => {
  let data: OutpostData
  let template: Template
  let campaign: Campaign
  beforeEach(async () => {
    data = await createTestData()
    template = await insertSyncedDoc<Template>(data.db.templates, templateFields({ name: 'Spring letter', subject: 'Our spring sale', fromName: 'Outpost' }))
    await insertSyncedDoc<Template>(data.db.templates, templateFields({ name: 'Picture letter', subject: 'Spring in pictures' }))
    campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields({ templateId: template.id }))
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  const stored = async () => (await data.db.campaigns.findOne(campaign.id).exec())?.toJSON() as Campaign

  it('turns on with two variants and a 20% test share, says how the audience splits, and flags variants that send the same', async () => {
    const user = userEvent.setup()
    renderWithProviders(<Harness id={campaign.id} audienceCount={1_000} />, { data })
    const toggle = await screen.findByRole('switch', { name: 'A/B test' })
    expect(toggle).toHaveAttribute('aria-checked', 'false')
    await user.click(toggle)

    await waitFor(async () => expect((await stored()).abTest?.variants).toHaveLength(2))
    expect(await stored()).toMatchObject({ abTest: { testPercent: 20, metric: 'clicks', waitMinutes: 240 } })
    expect(screen.getByText('200 contacts get the test, 800 get the winner')).toBeInTheDocument()
    const variantB = screen.getByRole('listitem', { name: 'Variant B' })
    expect(within(variantB).getByText('sends exactly what variant “A” sends: change its subject, sender name or template')).toBeInTheDocument()
    expect(within(variantB).getByLabelText('Subject')).toHaveAttribute('placeholder', 'Template’s: Our spring sale')

    // A subject of its own (saved on Enter) makes B a real variant.
    await user.type(within(variantB).getByLabelText('Subject'), 'Last days of spring{Enter}')
    await waitFor(async () => expect((await stored()).abTest?.variants[1]?.subject).toBe('Last days of spring'))
    expect(within(screen.getByRole('listitem', { name: 'Variant B' })).queryByText(/sends exactly/)).not.toBeInTheDocument()

    // Off removes the test from the campaign.
    await user.click(toggle)
    await waitFor(async () => expect((await stored()).abTest).toBeUndefined())
    expect(screen.queryByRole('listitem', { name: 'Variant A' })).not.toBeInTheDocument()
  })

  it('adds up to four variants, removes down to two, and picks a template per variant', async () => {
    const user = userEvent.setup()
    renderWithProviders(<Harness id={campaign.id} audienceCount={3} />, { data })
    await user.click(await screen.findByRole('switch', { name: 'A/B test' }))
    const add = await screen.findByRole('button', { name: 'Add variant' })
    await user.click(add)
    await screen.findByRole('listitem', { name: 'Variant C' })
    await user.click(add)
    await screen.findByRole('listitem', { name: 'Variant D' })
    expect(add).toBeDisabled()
    // 3 contacts, 4 variants: each of three gets one, nobody is left for the winner.
    expect(screen.getByText('3 contacts get the test, 0 get the winner')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Remove variant D' }))
    await user.click(await screen.findByRole('button', { name: 'Remove variant C' }))
    await waitFor(async () => expect((await stored()).abTest?.variants.map((variant) => variant.name)).toEqual(['A', 'B']))
    expect(screen.getByRole('button', { name: 'Remove variant A' })).toBeDisabled()

    await user.selectOptions(within(screen.getByRole('listitem', { name: 'Variant B' })).getByLabelText('Template'), 'Picture letter')
    await waitFor(async () => expect((await stored()).abTest?.variants[1]?.templateId).not.toBe(''))
    expect(screen.queryByText(/sends exactly/)).not.toBeInTheDocument()
  })

  it('warns that opens are less reliable, keeps the wait within limits, and saves the share when the slider is let go', async () => {
    const user = userEvent.setup()
    renderWithProviders(<Harness id={campaign.id} audienceCount={500} />, { data })
    await user.click(await screen.findByRole('switch', { name: 'A/B test' }))
    await user.click(await screen.findByRole('radio', { name: 'Unique opens' }))
    await waitFor(async () => expect((await stored()).abTest?.metric).toBe('opens'))
    expect(screen.getByText(/Less reliable: privacy proxies open every email/)).toBeInTheDocument()

    const wait = screen.getByLabelText('Pick the winner after')
    expect(wait).toHaveValue(4)
    await user.clear(wait)
    await user.type(wait, '0{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('Between 15 minutes and 7 days')
    expect((await stored()).abTest?.waitMinutes).toBe(240)
    await user.clear(wait)
    await user.type(wait, '2')
    await user.tab()
    await waitFor(async () => expect((await stored()).abTest?.waitMinutes).toBe(120))
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Unit' }), 'days')
    await waitFor(async () => expect((await stored()).abTest?.waitMinutes).toBe(2_880))

    const slider = screen.getByLabelText('Test share')
    fireEvent.change(slider, { target: { value: '40' } })
    expect(screen.getByText('200 contacts get the test, 300 get the winner')).toBeInTheDocument()
    expect((await stored()).abTest?.testPercent).toBe(20)
    fireEvent.pointerUp(slider)
    await waitFor(async () => expect((await stored()).abTest?.testPercent).toBe(40))
  })

  it('is read-only once the campaign left draft', async () => {
    await patchSyncedDoc<Campaign>(data.db.campaigns, campaign.id, {
      status: 'scheduled',
      abTest: { variants: [{ id: 'A', name: 'A', subject: 'One', fromName: '', templateId: '' }, { id: 'B', name: 'B', subject: 'Two', fromName: '', templateId: '' }], testPercent: 10, metric: 'clicks', waitMinutes: 60 },
    })
    renderWithProviders(<Harness id={campaign.id} audienceCount={100} />, { data })
    expect(await screen.findByRole('switch', { name: 'A/B test' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Add variant' })).toBeDisabled()
    expect(within(screen.getByRole('listitem', { name: 'Variant A' })).getByLabelText('Subject')).toBeDisabled()
  })
})
