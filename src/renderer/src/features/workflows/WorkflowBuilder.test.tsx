import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { WorkflowGraph } from '@core/schema'
import { newWorkflowGraph } from '@core/workflows/versions'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { seedTemplate, seedWorkflow, storedWorkflow, stubCanvasLayout } from './builderTestUtils'
import { WorkflowPage } from './WorkflowPage'
import { WorkflowsPage } from './WorkflowsPage'

describe('workflow builder', { timeout: 60_000 }, () => {
  let data: OutpostData
  beforeEach(async () => {
    stubCanvasLayout()
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
    window.location.hash = ''
  })

  function renderBuilder(id: string) {
    return renderWithProviders(
      <>
        <WorkflowPage id={id} />
        <Toasts />
      </>,
      { data },
    )
  }

  const inspector = () => screen.getByRole('complementary', { name: 'Inspector' })

  async function addStep(user: ReturnType<typeof userEvent.setup>, button: string, type: string) {
    await user.click(await screen.findByRole('button', { name: button }))
    const menu = screen.getByRole('menu', { name: 'Step type' })
    await user.click(within(menu).getByRole('menuitem', { name: type }))
  }

  /** Selects a node from the keyboard, as xyflow offers: focus it, press Enter (jsdom cannot drive d3-drag's mouse handling). */
  async function selectNode(user: ReturnType<typeof userEvent.setup>, name: string | RegExp) {
    const wrapper = (await screen.findByRole('group', { name })).closest<HTMLElement>('.react-flow__node')
    if (!wrapper) throw new Error('not on the canvas')
    act(() => wrapper.focus())
    await user.keyboard('{Enter}')
  }

  /** Trigger → Send Welcome, with the template in place (valid, so it can be activated). */
  async function oneEmailWorkflow(): Promise<{ id: string; graph: WorkflowGraph }> {
    const template = await seedTemplate(data, 'Welcome')
    const graph: WorkflowGraph = {
      trigger: { type: 'contact_created' },
      entryStepId: 'email',
      steps: [{ id: 'email', type: 'send_email', next: '', templateId: template.id, subject: '', label: '', x: 0, y: 140 }],
    }
    const workflow = await seedWorkflow(data, 'Onboarding', graph)
    return { id: workflow.id, graph }
  }

  it('creates a workflow from the list: a name, then what starts it, and opens it', async () => {
    const user = userEvent.setup()
    renderWithProviders(<WorkflowsPage />, { data })
    expect(await screen.findByRole('heading', { name: 'No automations yet' })).toBeInTheDocument()
    await user.click(screen.getAllByRole('button', { name: 'New workflow' })[0]!)
    const dialog = await screen.findByRole('dialog', { name: 'New workflow' })
    await user.click(within(dialog).getByRole('button', { name: 'Create workflow' }))
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Give it a name.')
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Welcome series')
    await user.click(within(dialog).getByRole('radio', { name: /Tag added/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Create workflow' }))

    await waitFor(() => expect(window.location.hash).toMatch(/^#\/workflows\/[0-9A-Z]{26}$/))
    const stored = await storedWorkflow(data, window.location.hash.split('/')[2]!)
    expect(stored).toMatchObject({ name: 'Welcome series', kind: 'workflow', status: 'draft', graph: { trigger: { type: 'tag_added' }, entryStepId: '', steps: [] } })
    const list = await screen.findByRole('list', { name: 'Automations' })
    expect(within(list).getByText('Welcome series').closest('li')).toHaveTextContent(/Workflow\s*Draft/)

    await user.click(screen.getByRole('button', { name: 'New drip' }))
    await waitFor(async () => expect((await data.db.workflows.find({ selector: { kind: 'drip' } }).exec()).length).toBe(1))
  })

  it('opens the new-workflow dialog from #/workflows/new (the palette’s New workflow)', async () => {
    renderWithProviders(<WorkflowPage id="new" />, { data })
    expect(await screen.findByRole('dialog', { name: 'New workflow' })).toBeInTheDocument()
  })

  it('builds email → wait → branch on click → tag / exit from the step menu and the inspector', async () => {
    const user = userEvent.setup()
    await seedTemplate(data, 'Welcome')
    const workflow = await seedWorkflow(data, 'Onboarding', newWorkflowGraph({ type: 'contact_created' }))
    renderBuilder(workflow.id)

    await user.click(await screen.findByRole('button', { name: 'Add first step' }))
    const menu = screen.getByRole('menu', { name: 'Step type' })
    // All 14 step types, grouped.
    expect(within(menu).getAllByRole('menuitem')).toHaveLength(14)
    expect(within(menu).getByRole('group', { name: 'Integrations' })).toHaveTextContent('Call webhook')
    await user.click(within(menu).getByRole('menuitem', { name: 'Send email' }))
    await user.selectOptions(within(inspector()).getByRole('combobox', { name: 'Template' }), 'Welcome')
    expect(await screen.findByRole('group', { name: 'Send email: Send Welcome' })).toBeInTheDocument()

    await addStep(user, 'Add step after Send Welcome', 'Wait')
    const duration = within(inspector()).getByRole('spinbutton', { name: 'Duration' })
    await user.clear(duration)
    await user.type(duration, '2')
    await user.selectOptions(within(inspector()).getByRole('combobox', { name: 'Unit' }), 'hours')
    expect(await screen.findByRole('group', { name: 'Wait: Wait 2 hours' })).toBeInTheDocument()

    await addStep(user, 'Add step after Wait 2 hours', 'If / else')
    await user.selectOptions(within(inspector()).getByRole('combobox', { name: 'Email step' }), 'Send Welcome')
    expect(await screen.findByRole('group', { name: 'If / else: If clicked Welcome' })).toBeInTheDocument()

    await addStep(user, 'Add step on Yes of If clicked Welcome', 'Add tag')
    await user.type(within(inspector()).getByRole('combobox', { name: 'Tag' }), 'engaged')
    await addStep(user, 'Add step on No of If clicked Welcome', 'Exit')

    await waitFor(async () => {
      const { graph } = await storedWorkflow(data, workflow.id)
      const byId = new Map(graph.steps.map((step) => [step.id, step]))
      const email = byId.get(graph.entryStepId)
      const wait = byId.get(email?.next ?? '')
      const branch = byId.get(wait?.next ?? '')
      expect(email).toMatchObject({ type: 'send_email' })
      expect(wait).toMatchObject({ type: 'wait', waitKind: 'duration', waitMinutes: 120 })
      expect(branch).toMatchObject({ type: 'branch', branchKind: 'clicked', emailStepId: email?.id })
      expect(byId.get(branch?.next ?? '')).toMatchObject({ type: 'add_tag', tag: 'engaged', next: '' })
      expect(byId.get(branch?.elseNext ?? '')).toMatchObject({ type: 'exit' })
    })
    // Complete: nothing stands in the way of activating.
    expect(screen.getByRole('status', { name: 'Checks' })).toHaveTextContent('No problems found')
    expect(screen.getByRole('button', { name: 'Activate' })).toBeEnabled()
  })

  it('lists issues, blocks activation until they are fixed, and picks the step an issue is about', async () => {
    const user = userEvent.setup()
    await seedTemplate(data, 'Welcome')
    const workflow = await seedWorkflow(data, 'Onboarding', {
      trigger: { type: 'contact_created' },
      entryStepId: 'email',
      steps: [{ id: 'email', type: 'send_email', next: '', templateId: '', x: 0, y: 140 }],
    })
    renderBuilder(workflow.id)
    const issues = await screen.findByRole('region', { name: 'Issues' })
    expect(issues).toHaveTextContent('choose a template')
    expect(screen.getByRole('button', { name: 'Activate' })).toBeDisabled()
    expect(screen.getByRole('group', { name: /^Send email/ })).toHaveAttribute('aria-invalid', 'true')

    await user.click(within(issues).getByRole('button', { name: /choose a template/ }))
    await user.selectOptions(within(inspector()).getByRole('combobox', { name: 'Template' }), 'Welcome')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Activate' })).toBeEnabled())
    expect(screen.queryByRole('region', { name: 'Issues' })).not.toBeInTheDocument()
  })

  it('activates as v1; later edits wait as unpublished changes until Publish v2, and Discard goes back', async () => {
    const user = userEvent.setup()
    const { id } = await oneEmailWorkflow()
    renderBuilder(id)
    await user.click(await screen.findByRole('button', { name: 'Activate' }))
    await waitFor(async () => expect(await storedWorkflow(data, id)).toMatchObject({ status: 'active', published: { version: 1 } }))
    expect(await screen.findByText('Active')).toHaveTextContent('Active· v1')
    expect(screen.queryByText('Unpublished changes')).not.toBeInTheDocument()

    await addStep(user, 'Add step after Send Welcome', 'Add tag')
    await user.type(within(inspector()).getByRole('combobox', { name: 'Tag' }), 'welcomed')
    expect(await screen.findByText('Unpublished changes')).toBeInTheDocument()
    // The working copy is saved, but the server keeps running v1 as it was.
    await waitFor(async () => expect((await storedWorkflow(data, id)).graph.steps).toHaveLength(2))
    const running = await storedWorkflow(data, id)
    expect(running.published?.version).toBe(1)
    expect(running.published?.graph.steps).toHaveLength(1)

    await user.click(screen.getByRole('button', { name: 'Publish v2' }))
    await waitFor(async () => expect((await storedWorkflow(data, id)).published).toMatchObject({ version: 2, graph: { steps: [{}, {}] } }))
    await waitFor(() => expect(screen.queryByText('Unpublished changes')).not.toBeInTheDocument())

    // Another edit, thrown away: the working copy goes back to what v2 runs.
    await selectNode(user, /^Add tag/)
    await user.click(within(inspector()).getByRole('button', { name: 'Delete step' }))
    expect(await screen.findByText('Unpublished changes')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Discard changes' }))
    // It asks once: the edits since v2 would be lost.
    await user.click(within(await screen.findByRole('dialog', { name: 'Discard unpublished changes?' })).getByRole('button', { name: 'Discard changes' }))
    await waitFor(() => expect(screen.queryByText('Unpublished changes')).not.toBeInTheDocument())
    await waitFor(async () => expect((await storedWorkflow(data, id)).graph.steps.map((step) => step.type)).toEqual(['send_email', 'add_tag']))
  })

  it('deletes the selected step with the Delete key, keeps the chain, and Undo brings it back', async () => {
    const user = userEvent.setup()
    const { id } = await oneEmailWorkflow()
    renderBuilder(id)
    await addStep(user, 'Add step after Send Welcome', 'Wait')
    await addStep(user, 'Add step after Wait 1 day', 'Exit')
    await selectNode(user, 'Wait: Wait 1 day')
    expect(within(inspector()).getByRole('region', { name: 'Wait settings' })).toBeInTheDocument()
    await user.keyboard('{Delete}')
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Wait: Wait 1 day' })).not.toBeInTheDocument())
    await waitFor(async () => {
      const { graph } = await storedWorkflow(data, id)
      expect(graph.steps.map((step) => step.type)).toEqual(['send_email', 'exit'])
      // What followed the deleted step now follows the one before it.
      expect(graph.steps[0]?.next).toBe(graph.steps[1]?.id)
    })

    const toast = await screen.findByText('Deleted a step')
    await user.click(within(toast.closest('[role="status"]') as HTMLElement).getByRole('button', { name: 'Undo' }))
    expect(await screen.findByRole('group', { name: 'Wait: Wait 1 day' })).toBeInTheDocument()
    await waitFor(async () => expect((await storedWorkflow(data, id)).graph.steps.map((step) => step.type)).toEqual(['send_email', 'wait', 'exit']))
  })
})
