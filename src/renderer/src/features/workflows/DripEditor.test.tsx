import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { RxDocument, RxQuery } from 'rxdb'
import type { Template, Workflow } from '@core/schema'
import { UNSUBSCRIBE_URL_TAG } from '@core/templates/mergeTags'
import { dripFromGraph, graphFromDrip } from '@core/workflows/drip'
import type { OutpostData } from '../../data/dataContext'
import { useData } from '../../data/dataContext'
import { useRxDocument } from '../../data/hooks'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { storedWorkflow } from './builderTestUtils'
import { DripEditor } from './DripEditor'

/** A template a workflow may send: a sender and an unsubscribe link. */
function seedTemplate(data: OutpostData, name: string): Promise<Template> {
  return insertSyncedDoc<Template>(data.db.templates, {
    name,
    subject: `${name} subject`,
    preheader: '',
    fromName: 'Outpost',
    fromEmail: 'hello@example.com',
    html: `<p>Hello</p><a href="{{ ${UNSUBSCRIBE_URL_TAG} }}">Unsubscribe</a>`,
  })
}

/** The editor over the live document, as the workflow page mounts it. */
function Harness({ id }: { id: string }) {
  const { db } = useData()
  const workflow = useRxDocument<Workflow>(() => db.workflows.findOne(id) as unknown as RxQuery<Workflow, RxDocument<Workflow> | null>, [db, id])
  return workflow ? <DripEditor workflow={workflow} /> : null
}

describe('DripEditor', { timeout: 30_000 }, () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  async function newDrip(extra: Partial<Workflow> = {}): Promise<Workflow> {
    return insertSyncedDoc<Workflow>(data.db.workflows, {
      name: 'Trial nurture',
      description: '',
      kind: 'drip',
      status: 'draft',
      graph: graphFromDrip([], { type: 'manual' }, () => 'unused'),
      settings: { reenrol: 'never', exitOnUnsubscribe: true },
      ...extra,
    })
  }

  function renderEditor(id: string) {
    return renderWithProviders(
      <>
        <Harness id={id} />
        <Toasts />
      </>,
      { data },
    )
  }

  it('builds a sequence (emails, delays, trigger), saves it as a drip graph and activates it once valid', async () => {
    const user = userEvent.setup()
    const welcome = await seedTemplate(data, 'Welcome')
    const tips = await seedTemplate(data, 'Tips')
    const drip = await newDrip()
    renderEditor(drip.id)

    // Empty: nothing to run yet.
    expect(await screen.findByText(/Add at least one step/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Activate' })).toBeDisabled()

    await user.click(screen.getByRole('button', { name: 'Add email' }))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Template of email 1' }), welcome.id)
    await user.click(screen.getByRole('button', { name: 'Add email' }))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Template of email 2' }), tips.id)
    const delay = screen.getByRole('spinbutton', { name: 'Delay before email 2' })
    await user.clear(delay)
    await user.type(delay, '2')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Delay unit of email 2' }), 'days')
    await user.type(screen.getByRole('textbox', { name: 'Subject of email 2' }), 'Two tips')
    await user.selectOptions(screen.getByRole('combobox', { name: 'How contacts join' }), 'tag_added')
    await user.type(screen.getByRole('combobox', { name: 'Tag' }), 'trial')

    await waitFor(async () => {
      const stored = await storedWorkflow(data, drip.id)
      expect(stored.graph.trigger).toEqual({ type: 'tag_added', tag: 'trial' })
      expect(dripFromGraph(stored.graph)?.map(({ templateId, subject, delayMinutes }) => ({ templateId, subject, delayMinutes }))).toEqual([
        { templateId: welcome.id, subject: '', delayMinutes: 0 },
        { templateId: tips.id, subject: 'Two tips', delayMinutes: 2_880 },
      ])
    })
    expect(screen.getByRole('checkbox', { name: 'Stops when the contact unsubscribes' })).toBeChecked()
    expect(screen.getByRole('checkbox', { name: 'Stops when the contact unsubscribes' })).toBeDisabled()

    await waitFor(() => expect(screen.getByRole('button', { name: 'Activate' })).toBeEnabled())
    await user.click(screen.getByRole('button', { name: 'Activate' }))
    await waitFor(async () => expect((await storedWorkflow(data, drip.id)).status).toBe('active'))
    const active = await storedWorkflow(data, drip.id)
    expect(active.published?.version).toBe(1)
    expect(active.published?.settings.exitOnUnsubscribe).toBe(true)
    expect(active.published?.graph).toEqual(active.graph)
  })

  it('shows what blocks activation on the email concerned', async () => {
    const user = userEvent.setup()
    await seedTemplate(data, 'Welcome')
    const drip = await newDrip()
    renderEditor(drip.id)
    await user.click(await screen.findByRole('button', { name: 'Add email' }))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Template of email 1' }), '')
    const row = screen.getByRole('listitem', { name: 'Email 1' })
    expect(await within(row).findByRole('alert')).toHaveTextContent(/template/i)
    expect(screen.getByRole('button', { name: 'Activate' })).toBeDisabled()
  })

  it('reorders emails from the keyboard (Alt+↓, and the move buttons) and removes one', async () => {
    const user = userEvent.setup()
    const first = await seedTemplate(data, 'First')
    const second = await seedTemplate(data, 'Second')
    const drip = await newDrip({
      graph: graphFromDrip(
        [
          { stepId: 'E1', templateId: first.id, subject: '', delayMinutes: 0 },
          { stepId: 'E2', templateId: second.id, subject: '', delayMinutes: 60 },
        ],
        { type: 'manual' },
        () => 'W1',
      ),
    })
    renderEditor(drip.id)
    const order = async () => dripFromGraph((await storedWorkflow(data, drip.id)).graph)?.map((item) => item.stepId)

    await user.click(await screen.findByRole('combobox', { name: 'Template of email 1' }))
    await user.keyboard('{Escape}{Alt>}{ArrowDown}{/Alt}')
    await waitFor(async () => expect(await order()).toEqual(['E2', 'E1']))

    await user.click(screen.getByRole('button', { name: 'Move email 2 up' }))
    await waitFor(async () => expect(await order()).toEqual(['E1', 'E2']))
    expect(screen.getByRole('button', { name: 'Move email 1 up' })).toBeDisabled()

    await user.click(screen.getByRole('button', { name: 'Remove email 1' }))
    await waitFor(async () => expect(await order()).toEqual(['E2']))
  })

  it('adds a goal with the segment rule editor; an unfinished goal blocks activation', async () => {
    const user = userEvent.setup()
    const welcome = await seedTemplate(data, 'Welcome')
    const drip = await newDrip({ graph: graphFromDrip([{ stepId: 'E1', templateId: welcome.id, subject: '', delayMinutes: 0 }], { type: 'manual' }, () => 'W1') })
    renderEditor(drip.id)
    await waitFor(() => expect(screen.getByRole('button', { name: 'Activate' })).toBeEnabled())

    await user.click(screen.getByRole('checkbox', { name: 'Stops when the contact reaches a goal' }))
    await waitFor(async () => expect((await storedWorkflow(data, drip.id)).settings.goal?.groups.length).toBe(1))
    expect(await screen.findByText(/goal/i, { selector: 'li' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Activate' })).toBeDisabled()

    await user.click(screen.getByRole('checkbox', { name: 'Stops when the contact reaches a goal' }))
    await waitFor(async () => expect((await storedWorkflow(data, drip.id)).settings.goal).toBeUndefined())
    expect(screen.getByRole('button', { name: 'Activate' })).toBeEnabled()
  })

  it('leaves a graph that is no longer a plain list to the builder', async () => {
    const drip = await newDrip({
      graph: { trigger: { type: 'manual' }, entryStepId: 'B', steps: [{ id: 'B', type: 'branch', branchKind: 'segment', next: '', elseNext: '' }] },
    })
    renderEditor(drip.id)
    expect(await screen.findByText(/no longer a plain list of emails/)).toBeInTheDocument()
  })
})
