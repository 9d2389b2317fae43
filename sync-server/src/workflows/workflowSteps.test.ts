import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Activity, WorkflowGraph } from '@core/schema'
import { workflowEmailKey } from '@core/workflows/emailKey'
import { createWorkflowFixture, graphOf, rule, step } from './workflowFixture'
import type { WorkflowFixture } from './workflowFixture'
import type { SmtpTestSinkOptions } from '../sending/smtpTestSink'
import { storageBackends } from '../testing/storageBackends'
import type { WorkflowServiceOptions } from './workflowService'

// What each step does, the rules that end a run early (goal, unsubscribe, suppression, removal by
// archiving), the frequency cap, waits under the time scale, and versioning: contacts already
// inside finish the version they started on.

let f: WorkflowFixture | null = null
let databaseUrl: () => Promise<string>
const MINUTE = 60_000

afterEach(async () => {
  await f?.close()
  f = null
})

async function fixture(service: Partial<WorkflowServiceOptions> = {}, sink: SmtpTestSinkOptions = {}): Promise<WorkflowFixture> {
  f = await createWorkflowFixture({ service, sink, databaseUrl: await databaseUrl() })
  return f
}

/** A workflow for new contacts, baselined so that the next contact added enrols. */
async function running(t: WorkflowFixture, graph: WorkflowGraph, options: Parameters<WorkflowFixture['addWorkflow']>[1] = {}) {
  const workflow = await t.addWorkflow(graph, options)
  await t.service.idle()
  return workflow
}

async function activities(t: WorkflowFixture): Promise<Activity[]> {
  return (await t.storage.pull(t.workspaceId, 'activities', null, 100)).documents.map((stored) => JSON.parse(stored.json) as Activity)
}

describe.each(storageBackends('workflow-steps'))('workflow steps on $kind', (backend) => {
  beforeAll(async () => {
    await backend.setUp()
    databaseUrl = () => backend.freshDatabaseUrl()
  }, 120_000)
  afterAll(() => backend.tearDown())

  it('updates fields, tags, lists and stage, creates a task, notifies a member, calls a webhook, branches and exits', async () => {
    const t = await fixture()
    const workflow = await running(
      t,
      graphOf({ type: 'contact_created' }, [
        step('field', 'update_field', 'untag', { field: 'custom.plan', value: 'pro' }),
        step('untag', 'remove_tag', 'list', { tag: 'old' }),
        step('list', 'add_to_list', 'unlist', { listId: 'LISTNEW' }),
        step('unlist', 'remove_from_list', 'stage', { listId: 'LISTOLD' }),
        step('stage', 'set_stage', 'task', { stage: 'customer' }),
        step('task', 'create_task', 'notify', { memberId: 'MEMBER1', title: 'Call them', dueInDays: 2 }),
        step('notify', 'notify_member', 'hook', { memberId: 'MEMBER1', message: 'A new customer' }),
        step('hook', 'call_webhook', 'branch', { endpointId: 'ENDPOINT1' }),
        step('branch', 'branch', 'stop', { branchKind: 'segment', condition: rule('contact.tags', 'hasAny', '', ['vip']), elseNext: 'never' }),
        step('stop', 'exit', ''),
        step('never', 'add_tag', '', { tag: 'not-vip' }),
      ]),
    )
    const ada = await t.addContact({ email: 'ada@example.com', tags: ['old', 'vip'], lists: ['LISTOLD'] })
    await t.service.idle()

    const contact = await t.contact(ada.id)
    expect(contact.customFields).toEqual({ plan: 'pro' })
    expect(contact.tags).toEqual(['vip'])
    expect(contact.lists).toEqual(['LISTNEW'])
    expect(contact.lifecycleStage).toBe('customer')
    expect(contact.stageHistory?.at(-1)).toMatchObject({ stage: 'customer', source: 'workflow' })
    const [task, note] = (await activities(t)).sort((a, b) => a.kind.localeCompare(b.kind)).reverse()
    expect(task).toMatchObject({ kind: 'task', contactId: ada.id, subject: 'Call them', assigneeId: 'MEMBER1', done: false, dueAt: t.clock.now + 2 * 86_400_000 })
    expect(note).toMatchObject({ kind: 'note', contactId: ada.id, body: 'A new customer', mentions: ['MEMBER1'] })
    expect(t.emitted.map((event) => [event.type, event.endpointId])).toEqual([['workflow.webhook_step', 'ENDPOINT1']])
    expect(t.emitted[0]?.data).toMatchObject({ workflowId: workflow.id, stepId: 'hook', contact: { id: ada.id, email: 'ada@example.com' } })
    expect(t.emitted[0]?.data.contact).not.toHaveProperty('_clock')

    const path = await t.path(workflow.id, ada.id)
    expect(path.map((record) => record.stepId)).toEqual(['field', 'untag', 'list', 'unlist', 'stage', 'task', 'notify', 'hook', 'branch', 'stop'])
    expect(path.find((record) => record.stepId === 'branch')?.detail).toBe('Yes')
    const [enrolment] = await t.enrolments(workflow.id, ada.id)
    expect(enrolment).toMatchObject({ status: 'exited', exitReason: 'exit_step' })
  })

  it('waits last 1/timeScale of their time, then the branch sees whether the earlier email was clicked', async () => {
    const t = await fixture({ timeScale: 60 })
    const template = await t.addTemplate()
    const workflow = await running(
      t,
      graphOf({ type: 'contact_created' }, [
        step('email', 'send_email', 'pause', { templateId: template.id }),
        step('pause', 'wait', 'clicked', { waitKind: 'duration', waitMinutes: 60 }),
        step('clicked', 'branch', 'yes', { branchKind: 'clicked', emailStepId: 'email', elseNext: 'no' }),
        step('yes', 'add_tag', '', { tag: 'clicked' }),
        step('no', 'add_tag', '', { tag: 'ignored' }),
      ]),
    )
    const ada = await t.addContact({ email: 'ada@example.com' })
    const bob = await t.addContact({ email: 'bob@example.com' })
    await t.service.idle()
    const [waiting] = await t.enrolments(workflow.id, ada.id)
    // 60 minutes at 60× = one minute.
    expect(waiting).toMatchObject({ stepId: 'pause', waitUntil: t.clock.now + MINUTE, dueAt: t.clock.now + MINUTE })
    await t.storage.tracking.recordEvents([
      { workspaceId: t.workspaceId, campaignId: workflowEmailKey(workflow.id, 1, 'email'), contactId: ada.id, type: 'click', linkIndex: 0, at: t.clock.now, machine: false, userAgentFamily: 'browser' },
    ])
    t.clock.now += MINUTE - 1_000
    await t.service.idle()
    expect((await t.contact(ada.id)).tags).toEqual([])

    t.clock.now += 1_000
    await t.service.idle()
    expect((await t.contact(ada.id)).tags).toEqual(['clicked'])
    expect((await t.contact(bob.id)).tags).toEqual(['ignored'])
    expect((await t.path(workflow.id, ada.id)).map((record) => [record.stepId, record.detail])).toEqual([
      ['email', 'Email queued.'],
      ['pause', 'Waited.'],
      ['clicked', 'Yes'],
      ['yes', expect.stringContaining('clicked')],
    ])
  })

  it('skips the email of a suppressed address (or exits when the workflow says so) and holds emails over the cap', async () => {
    const t = await fixture({ emailCapPerDay: 1, timeScale: 24 })
    const template = await t.addTemplate()
    const graph = graphOf({ type: 'contact_created' }, [
      step('first', 'send_email', 'second', { templateId: template.id }),
      step('second', 'send_email', 'done', { templateId: template.id, subject: 'Second' }),
      step('done', 'add_tag', '', { tag: 'done' }),
    ])
    const keepGoing = await running(t, graph, { settings: { exitOnUnsubscribe: false } })
    const exitOnUnsubscribe = await running(t, graph)
    await t.storage.sending.addSuppression(t.workspaceId, 'blocked@example.com', 'complaint', t.clock.now)
    const blocked = await t.addContact({ email: 'blocked@example.com' })
    const ada = await t.addContact({ email: 'ada@example.com' })
    await t.service.idle()

    expect((await t.path(keepGoing.id, blocked.id)).map((record) => [record.stepId, record.outcome, record.detail])).toEqual([
      ['first', 'skipped', 'suppressed'],
      ['second', 'skipped', 'suppressed'],
      ['done', 'done', expect.stringContaining('done')],
    ])
    expect(await t.enrolments(exitOnUnsubscribe.id, blocked.id)).toMatchObject([{ status: 'exited', exitReason: 'unsubscribed' }])

    // One email a day for Ada over both workflows: the rest wait for the cap's day (an hour at 24×).
    expect(t.sink.messages.filter((message) => message.to.includes('ada@example.com'))).toHaveLength(1)
    const held = [...(await t.enrolments(keepGoing.id, ada.id)), ...(await t.enrolments(exitOnUnsubscribe.id, ada.id))]
    expect(held.map((enrolment) => enrolment.status)).toEqual(['active', 'active'])
    t.clock.now += 60 * MINUTE
    await t.service.idle()
    expect(t.sink.messages.filter((message) => message.to.includes('ada@example.com'))).toHaveLength(2)
    t.clock.now += 60 * MINUTE
    await t.service.idle()
    t.clock.now += 60 * MINUTE
    await t.service.idle()
    expect(t.sink.messages.filter((message) => message.to.includes('ada@example.com'))).toHaveLength(4)
    expect(t.sink.messages.some((message) => message.parsed?.subject === 'Second')).toBe(true)
    expect(t.sink.messages.some((message) => message.to.includes('blocked@example.com'))).toBe(false)
  })

  it('ends the run when the goal is reached, and ends a drip when the contact unsubscribes', async () => {
    const t = await fixture()
    const template = await t.addTemplate()
    const goal = await running(
      t,
      graphOf({ type: 'contact_created' }, [step('pause', 'wait', 'tag', { waitKind: 'duration', waitMinutes: 10 }), step('tag', 'add_tag', '', { tag: 'nurtured' })]),
      { settings: { goal: rule('contact.lifecycleStage', 'equals', 'customer') } },
    )
    const drip = await running(
      t,
      graphOf({ type: 'contact_created' }, [
        step('one', 'send_email', 'gap', { templateId: template.id }),
        step('gap', 'wait', 'two', { waitKind: 'duration', waitMinutes: 10 }),
        step('two', 'send_email', '', { templateId: template.id }),
      ]),
      { kind: 'drip', settings: { exitOnUnsubscribe: false } },
    )
    const ada = await t.addContact({ email: 'ada@example.com' })
    await t.service.idle()
    await t.editContact(ada.id, { lifecycleStage: 'customer' })
    await t.documents.patch(t.workspaceId, 'contacts', new Map([[ada.id, () => ({ unsubscribed: true })]]))
    t.clock.now += 10 * MINUTE
    await t.service.idle()

    expect(await t.enrolments(goal.id, ada.id)).toMatchObject([{ status: 'exited', exitReason: 'goal' }])
    expect((await t.contact(ada.id)).tags).toEqual([])
    // Drips always stop on unsubscribe, whatever the setting.
    expect(await t.enrolments(drip.id, ada.id)).toMatchObject([{ status: 'exited', exitReason: 'unsubscribed' }])
    expect(t.sink.messages).toHaveLength(1)
  })

  it('lets contacts on version 1 finish version 1 after version 2 is published; archiving lets everyone go', async () => {
    const t = await fixture()
    const v1 = graphOf({ type: 'contact_created' }, [step('pause', 'wait', 'tag1', { waitKind: 'duration', waitMinutes: 10 }), step('tag1', 'add_tag', '', { tag: 'v1' })])
    const workflow = await running(t, v1)
    const early = await t.addContact({ email: 'early@example.com' })
    await t.service.idle()

    await t.republish(workflow.id, graphOf({ type: 'contact_created' }, [step('pause2', 'wait', 'tag2', { waitKind: 'duration', waitMinutes: 10 }), step('tag2', 'add_tag', '', { tag: 'v2' })]))
    const late = await t.addContact({ email: 'late@example.com' })
    await t.service.idle()
    expect((await t.enrolments(workflow.id, late.id)).map((enrolment) => enrolment.version)).toEqual([2])
    expect((await t.workflow(workflow.id)).stats).toMatchObject({ active: 2, runningVersions: [1] })

    t.clock.now += 10 * MINUTE
    await t.service.idle()
    expect((await t.contact(early.id)).tags).toEqual(['v1'])
    expect((await t.contact(late.id)).tags).toEqual(['v2'])
    expect((await t.path(workflow.id, early.id)).map((record) => record.stepId)).toEqual(['pause', 'tag1'])

    const waiting = await t.addContact({ email: 'waiting@example.com' })
    await t.service.idle()
    const current = await t.workflow(workflow.id)
    const { editDoc } = await import('../testing/docs')
    await t.push('workflows', [editDoc(current as typeof current & { _clock: Record<string, string>; updatedAt: number }, { status: 'archived' }, t.clock.now + 5, 'deviceA')])
    await t.service.idle()
    expect(await t.enrolments(workflow.id, waiting.id)).toMatchObject([{ status: 'exited', exitReason: 'archived' }])
  })

  it('retries an email the SMTP server turned away for now, and delivers it once', async () => {
    let refusals = 0
    const t = await fixture({}, { rejectRecipient: () => (refusals++ < 2 ? { code: 451, message: 'try again later' } : null) })
    const template = await t.addTemplate()
    const workflow = await running(t, graphOf({ type: 'contact_created' }, [step('email', 'send_email', '', { templateId: template.id })]))
    const ada = await t.addContact({ email: 'ada@example.com' })
    await t.service.idle()
    expect(t.sink.messages).toHaveLength(0)
    // Backoff in the fixture is tens of milliseconds of the engine's clock.
    for (let attempt = 0; attempt < 3; attempt++) {
      t.clock.now += 1_000
      await t.service.idle()
    }
    expect(refusals).toBeGreaterThanOrEqual(2)
    expect(t.sink.messages.map((message) => message.to)).toEqual([['ada@example.com']])
    expect(await t.enrolments(workflow.id, ada.id)).toMatchObject([{ status: 'completed' }])
  })

  it('keeps a paused workflow’s contacts where they are until it runs again', async () => {
    const t = await fixture()
    const workflow = await running(
      t,
      graphOf({ type: 'contact_created' }, [step('pause', 'wait', 'tag', { waitKind: 'duration', waitMinutes: 10 }), step('tag', 'add_tag', '', { tag: 'after' })]),
    )
    const ada = await t.addContact({ email: 'ada@example.com' })
    await t.service.idle()
    const { editDoc } = await import('../testing/docs')
    const setStatus = async (status: 'paused' | 'active') => {
      const current = await t.workflow(workflow.id)
      await t.push('workflows', [editDoc(current as typeof current & { _clock: Record<string, string>; updatedAt: number }, { status }, t.clock.now + 10, 'deviceA')])
    }
    await setStatus('paused')
    t.clock.now += 20 * MINUTE
    await t.service.idle()
    const duringPause = await t.addContact({ email: 'paused@example.com' })
    await t.service.idle()
    expect((await t.contact(ada.id)).tags).toEqual([])
    expect(await t.enrolments(workflow.id, ada.id)).toMatchObject([{ status: 'active', stepId: 'pause' }])
    await setStatus('active')
    await t.service.idle()
    expect((await t.contact(ada.id)).tags).toEqual(['after'])
    // Created while the workflow was paused: not enrolled when it runs again.
    expect(await t.enrolments(workflow.id, duringPause.id)).toEqual([])
  })
})
