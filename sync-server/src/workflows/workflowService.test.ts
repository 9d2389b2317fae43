import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { workflowEmailKey } from '@core/workflows/emailKey'
import { verifyTrackingToken } from '../tracking/trackingTokens'
import { createWorkflowFixture, graphOf, step, WORKFLOW_TEST_SECRET } from './workflowFixture'
import type { WorkflowFixture } from './workflowFixture'

// The engine end to end on SQLite with a real SMTP sink, driven pass by pass (idle() ticks until
// nothing is left to do; time moves only when a test moves fixture.clock).

let f: WorkflowFixture

beforeEach(async () => {
  f = await createWorkflowFixture()
})
afterEach(async () => {
  await f.close()
})

function header(index: number, name: string): string {
  const line = f.sink.messages[index]?.parsed?.headerLines.find((entry) => entry.key === name.toLowerCase())?.line ?? ''
  return line.slice(line.indexOf(':') + 1).trim()
}

describe('WorkflowService', () => {
  it('runs a new contact through email → tag → score, exactly once each, and counts it in the stats', async () => {
    const template = await f.addTemplate()
    const workflow = await f.addWorkflow(
      graphOf({ type: 'contact_created' }, [
        step('email', 'send_email', 'tag', { templateId: template.id }),
        step('tag', 'add_tag', 'score', { tag: 'welcomed' }),
        step('score', 'adjust_score', '', { scoreDelta: 5 }),
      ]),
    )
    const existing = await f.addContact({ email: 'before@example.com', createdAt: f.clock.now - 120_000 })
    // Added after the workflow was published but before the engine first looked: still new.
    const quick = await f.addContact({ email: 'quick@example.com' })
    await f.service.idle()
    // The first look at the workspace is a baseline: contacts from before the workflow are not "created".
    expect(await f.enrolments(workflow.id, existing.id)).toEqual([])
    expect(await f.enrolments(workflow.id, quick.id)).toMatchObject([{ status: 'completed' }])
    f.sink.messages.length = 0
    f.emitted.length = 0

    const ada = await f.addContact({ email: 'ada@example.com', firstName: 'Ada' })
    await f.service.idle()
    await f.service.idle()

    const path = await f.path(workflow.id, ada.id)
    expect(path.map((record) => [record.stepId, record.outcome])).toEqual([
      ['email', 'done'],
      ['tag', 'done'],
      ['score', 'done'],
    ])
    const [enrolment] = await f.enrolments(workflow.id, ada.id)
    expect(enrolment).toMatchObject({ status: 'completed', stepId: '', version: 1 })
    const stored = await f.contact(ada.id)
    expect(stored.tags).toEqual(['welcomed'])
    expect(stored.scoreAdjustment).toBe(5)

    expect(f.sink.messages.map((message) => message.to)).toEqual([['ada@example.com']])
    expect(f.sink.messages[0]?.parsed?.subject).toBe('Welcome Ada')
    expect(header(0, 'X-Outpost-Workflow')).toBe(workflow.id)
    const emailKey = workflowEmailKey(workflow.id, 1, 'email')
    expect(header(0, 'X-Outpost-Campaign')).toBe(emailKey)
    expect(header(0, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
    const click = /https:\/\/mail\.outpost\.test\/t\/c\/([^"]+)"/.exec(String(f.sink.messages[0]?.parsed?.html))?.[1]
    expect(verifyTrackingToken(click ?? '', 'c', WORKFLOW_TEST_SECRET)).toMatchObject({ campaignId: emailKey, contactId: ada.id, linkIndex: 0 })
    // Click redirects find the link under the email key.
    expect(await f.storage.sending.getCampaignLinks(f.workspaceId, emailKey)).toEqual(['https://acme.test/start'])

    expect(f.emitted.map((event) => [event.type, event.data.contactId])).toEqual([['workflow.completed', ada.id]])
    const stats = (await f.workflow(workflow.id)).stats
    expect(stats).toMatchObject({ enrolled: 2, active: 0, completed: 2, exited: 0 })
    expect(stats?.steps).toEqual([
      { stepId: 'email', current: 0, passed: 2 },
      { stepId: 'tag', current: 0, passed: 2 },
      { stepId: 'score', current: 0, passed: 2 },
    ])

    // More passes change nothing: no step is taken twice.
    await f.service.idle()
    expect(await f.path(workflow.id, ada.id)).toHaveLength(3)
    expect((await f.contact(ada.id)).scoreAdjustment).toBe(5)
    expect(f.sink.messages).toHaveLength(1)
  })
})
