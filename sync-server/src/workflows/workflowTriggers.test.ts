import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { formatStamp } from '@core/hlc'
import { newId } from '@core/ids'
import type { SegmentRules, WorkflowTrigger } from '@core/schema'
import { storageBackends } from '../testing/storageBackends'
import { createWorkflowFixture, graphOf, rule, step } from './workflowFixture'
import type { WorkflowFixture } from './workflowFixture'

// Each trigger kind enrols the contacts it should, once, and nobody else: changes are read from
// the replication log after a baseline, so what happened before a workflow ran enrols nobody.

let f: WorkflowFixture

/** A workflow with one "tag" step for `trigger`; returns its id. */
async function workflowFor(trigger: WorkflowTrigger): Promise<string> {
  return (await f.addWorkflow(graphOf(trigger, [step('mark', 'add_tag', '', { tag: `via-${trigger.type}` })]))).id
}

async function enrolledIn(workflowId: string, contactId: string): Promise<number> {
  return (await f.enrolments(workflowId, contactId)).length
}

async function addSegment(rules: SegmentRules): Promise<string> {
  const at = Date.now()
  const stamp = formatStamp({ wallMs: at, counter: 0, node: 'deviceA' })
  const id = newId()
  const fields = { name: 'VIPs', kind: 'dynamic', rules, createdAt: at }
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) clock[key] = stamp
  await f.push('segments', [{ id, updatedAt: at, _deleted: false, _clock: clock, ...fields }])
  return id
}

describe.each(storageBackends('workflow-triggers'))('workflow triggers on $kind', (backend) => {
  beforeAll(() => backend.setUp(), 120_000)
  afterAll(() => backend.tearDown())
  beforeEach(async () => {
    f = await createWorkflowFixture({ databaseUrl: await backend.freshDatabaseUrl() })
  })
  afterEach(async () => {
    await f.close()
  })

  it('field changed, tag added and stage changed enrol on the change, and the trigger filter narrows', async () => {
    const field = await workflowFor({ type: 'field_changed', field: 'contact.title', value: 'CTO' })
    const tag = await workflowFor({ type: 'tag_added', tag: 'VIP', filter: rule('contact.email', 'contains', '@acme.test') })
    const stage = await workflowFor({ type: 'stage_changed', stage: 'customer' })
    const ada = await f.addContact({ email: 'ada@acme.test' })
    const bob = await f.addContact({ email: 'bob@other.test' })
    await f.service.idle()

    await f.editContact(ada.id, { title: 'CTO', tags: ['vip'] })
    await f.editContact(bob.id, { title: 'CEO', tags: ['vip'], lifecycleStage: 'customer' })
    await f.service.idle()

    expect(await enrolledIn(field, ada.id)).toBe(1)
    expect(await enrolledIn(field, bob.id)).toBe(0)
    expect(await enrolledIn(tag, ada.id)).toBe(1)
    // Filtered out: not an acme.test address.
    expect(await enrolledIn(tag, bob.id)).toBe(0)
    expect(await enrolledIn(stage, bob.id)).toBe(1)
    expect(await enrolledIn(stage, ada.id)).toBe(0)
    expect((await f.contact(ada.id)).tags.sort()).toEqual(['via-field_changed', 'via-tag_added', 'vip'])
  })

  it('segment entered and left follow membership changes, and a newly watched segment enrols nobody by itself', async () => {
    const segmentId = await addSegment(rule('contact.tags', 'hasAny', '', ['vip']))
    const ada = await f.addContact({ email: 'ada@example.com', tags: ['vip'] })
    const bob = await f.addContact({ email: 'bob@example.com' })
    // The workspace is baselined before anyone watches the segment.
    await workflowFor({ type: 'contact_created' })
    await f.service.idle()
    const entered = await workflowFor({ type: 'segment_entered', segmentId })
    const left = await workflowFor({ type: 'segment_left', segmentId })
    // An unrelated edit to Ada: she was already in the segment, so she enters nothing.
    await f.editContact(ada.id, { firstName: 'Augusta' })
    await f.service.idle()
    expect(await enrolledIn(entered, ada.id)).toBe(0)

    await f.editContact(bob.id, { tags: ['vip'] })
    await f.editContact(ada.id, { tags: [] })
    await f.service.idle()
    expect(await enrolledIn(entered, bob.id)).toBe(1)
    expect(await enrolledIn(left, ada.id)).toBe(1)
    expect(await enrolledIn(left, bob.id)).toBe(0)
  })

  it('score crossed enrols when the score rises past the threshold, not while it stays above', async () => {
    const crossed = await workflowFor({ type: 'score_crossed', threshold: 10 })
    const ada = await f.addContact({ email: 'ada@example.com' })
    await f.service.idle()
    await f.editContact(ada.id, { scoreAdjustment: 15 })
    await f.service.idle()
    expect(await enrolledIn(crossed, ada.id)).toBe(1)
    const [first] = await f.enrolments(crossed, ada.id)
    expect(first?.status).toBe('completed')
    await f.editContact(ada.id, { scoreAdjustment: 20 })
    await f.service.idle()
    expect(await enrolledIn(crossed, ada.id)).toBe(1)
  })

  it('email opened and clicked enrol from engagement events by people, for any or one campaign', async () => {
    const anyOpen = await workflowFor({ type: 'email_opened', campaignId: '' })
    const oneClick = await workflowFor({ type: 'email_clicked', campaignId: 'CAMPAIGN0000000000000000AA' })
    const ada = await f.addContact({ email: 'ada@example.com' })
    const bob = await f.addContact({ email: 'bob@example.com' })
    await f.service.idle()
    const event = (type: 'open' | 'click', contactId: string, campaignId: string, machine: boolean) => {
      const at = Date.now()
      const stamp = formatStamp({ wallMs: at, counter: 0, node: 'server' })
      const fields = { type, campaignId, contactId, email: 'x@example.com', linkIndex: type === 'click' ? 0 : -1, url: '', machine, at }
      const clock: Record<string, string> = { _deleted: stamp }
      for (const key of Object.keys(fields)) clock[key] = stamp
      return { id: newId(), updatedAt: at, _deleted: false, _clock: clock, ...fields }
    }
    await f.push('events', [
      event('open', ada.id, 'CAMPAIGN0000000000000000BB', false),
      event('click', ada.id, 'CAMPAIGN0000000000000000AA', false),
      // A link scanner's click enrols nobody.
      event('click', bob.id, 'CAMPAIGN0000000000000000AA', true),
      event('open', bob.id, 'CAMPAIGN0000000000000000AA', true),
    ])
    await f.service.idle()
    expect(await enrolledIn(anyOpen, ada.id)).toBe(1)
    expect(await enrolledIn(oneClick, ada.id)).toBe(1)
    expect(await enrolledIn(anyOpen, bob.id)).toBe(0)
    expect(await enrolledIn(oneClick, bob.id)).toBe(0)
  })

  it('a schedule enrols its segment once per run; an anniversary once per year', async () => {
    const segmentId = await addSegment(rule('contact.tags', 'hasAny', '', ['newsletter']))
    const ada = await f.addContact({ email: 'ada@example.com', tags: ['newsletter'], customFields: { birthday: '1990-06-15' } })
    const bob = await f.addContact({ email: 'bob@example.com', customFields: { birthday: '1985-01-02' } })
    f.clock.now = Date.UTC(2026, 5, 14, 12)
    const schedule = await workflowFor({ type: 'schedule', every: 'day', hour: 9, timeZone: 'UTC', segmentId })
    const birthday = await workflowFor({ type: 'date_anniversary', field: 'custom.birthday', daysBefore: 0, hour: 9, timeZone: 'UTC' })
    await f.service.idle()
    // Before the first run and before the birthday: nobody.
    expect(await enrolledIn(schedule, ada.id)).toBe(0)
    expect(await enrolledIn(birthday, ada.id)).toBe(0)

    f.clock.now = Date.UTC(2026, 5, 15, 10)
    await f.service.idle()
    expect(await enrolledIn(schedule, ada.id)).toBe(1)
    expect(await enrolledIn(schedule, bob.id)).toBe(0)
    expect(await enrolledIn(birthday, ada.id)).toBe(1)
    expect(await enrolledIn(birthday, bob.id)).toBe(0)
    await f.service.idle()
    expect(await enrolledIn(birthday, ada.id)).toBe(1)
  })

  it('keeps no name or address in its facts once a contact is deleted', async () => {
    await workflowFor({ type: 'contact_created' })
    const ada = await f.addContact({ email: 'ada@example.com', firstName: 'Ada' })
    await f.service.idle()
    expect((await f.storage.workflows.getContactFacts(f.workspaceId, [ada.id])).get(ada.id)).toContain('ada@example.com')
    const stored = await f.contact(ada.id)
    const stamp = formatStamp({ wallMs: Date.now() + 1_000, counter: 0, node: 'deviceA' })
    await f.push('contacts', [{ ...stored, _deleted: true, _clock: { ...stored._clock, _deleted: stamp } }])
    await f.service.idle()
    const facts = (await f.storage.workflows.getContactFacts(f.workspaceId, [ada.id])).get(ada.id) ?? ''
    expect(facts).not.toContain('ada@example.com')
    expect(facts).not.toContain('Ada')
  })
})
