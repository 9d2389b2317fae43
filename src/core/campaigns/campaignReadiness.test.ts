import { describe, expect, it } from 'vitest'
import { checkCampaignReadiness, isCampaignReady, type ReadinessInput } from './campaignReadiness'

const NOW = Date.UTC(2026, 10, 30, 12, 0)

function input(overrides: Partial<ReadinessInput> = {}): ReadinessInput {
  return {
    campaign: { name: 'Spring sale', segmentId: 'S1', templateId: 'T1', scheduledAt: 0 },
    segment: {
      id: 'S1',
      name: 'Customers',
      kind: 'dynamic',
      rules: { match: 'all', groups: [{ id: 'g', match: 'all', conditions: [{ id: 'c', field: 'contact.lifecycleStage', operator: 'equals', value: 'customer', value2: '', values: [] }] }] },
    },
    template: {
      subject: 'Hi {{ contact.firstName }}',
      preheader: '',
      html: '<p>Hello</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
      fromName: 'Acme',
      fromEmail: 'news@acme.test',
    },
    audienceCount: 1200,
    sendingConfigured: true,
    now: NOW,
    ...overrides,
  }
}

function failures(value: ReadinessInput): Record<string, string> {
  return Object.fromEntries(checkCampaignReadiness(value).filter((check) => !check.ok).map((check) => [check.id, check.message]))
}

describe('campaign readiness', () => {
  it('a complete campaign passes every check, in flow order', () => {
    const checks = checkCampaignReadiness(input())
    expect(checks.map((check) => check.id)).toEqual(['name', 'audience', 'template', 'subject', 'sender', 'unsubscribe', 'sending', 'schedule'])
    expect(isCampaignReady(checks)).toBe(true)
    expect(checks.find((check) => check.id === 'audience')?.message).toBe('1,200 contacts in Customers')
  })

  it('explains a missing name, audience and template', () => {
    expect(failures(input({ campaign: { name: ' ', segmentId: '', templateId: '', scheduledAt: 0 }, segment: null, template: null }))).toEqual({
      name: 'Give the campaign a name',
      audience: 'Choose an audience',
      template: 'Choose a template',
      subject: 'Choose a template to set the subject line',
      sender: 'Choose a template to set the sender',
      unsubscribe: 'Choose a template with an unsubscribe link',
    })
    expect(failures(input({ segment: null }))).toEqual({ audience: 'The chosen audience was deleted: choose another one' })
  })

  it('refuses an empty audience, but not an uncounted one', () => {
    expect(failures(input({ audienceCount: 0 }))).toEqual({ audience: 'The audience is empty after removing unsubscribed and bounced contacts' })
    expect(isCampaignReady(checkCampaignReadiness(input({ audienceCount: null })))).toBe(true)
    const empty = input().segment
    expect(failures(input({ segment: empty && { ...empty, rules: { match: 'all', groups: [] } } }))).toEqual({
      audience: 'The segment “Customers” has no conditions yet, so it matches nobody',
    })
    expect(isCampaignReady(checkCampaignReadiness(input({ segment: { id: 'L1', name: 'VIPs', kind: 'static', rules: { match: 'all', groups: [] } } })))).toBe(true)
  })

  it('counts template errors and names them', () => {
    const template = input().template
    const broken = template && { ...template, html: `${template.html}\n{{ contact.fisrtName }}\n{% iff %}` }
    expect(failures(input({ template: broken }))).toEqual({
      template: 'The template has 1 error: Unknown tag "iff" (HTML, line 3)',
    })
    const unknown = template && { ...template, subject: '{{ contact.nme }}', html: `${template.html}\n{{ contact.fisrtName }}` }
    expect(failures(input({ template: unknown })).template).toMatch(/^The template has 2 errors: Unknown merge tag \{\{ contact\.nme \}\}.* \(subject, line 1\); Unknown merge tag \{\{ contact\.fisrtName \}\}.* \(HTML, line 2\)$/)
  })

  it('explains subject, sender and unsubscribe problems', () => {
    const template = input().template
    if (!template) throw new Error('fixture')
    expect(failures(input({ template: { ...template, subject: '', fromEmail: '', html: '<p>Hi</p>' } }))).toEqual({
      subject: 'Add a subject line to the template',
      sender: 'Set a sender address in the template',
      unsubscribe: 'Add an unsubscribe link ({{ unsubscribe_url }}) to the template',
    })
    expect(failures(input({ template: { ...template, fromEmail: 'news at acme' } }))).toEqual({ sender: 'The sender address “news at acme” is not a valid email address' })
  })

  it('sending settings: unknown is left to the server, missing is refused', () => {
    expect(failures(input({ sendingConfigured: false }))).toEqual({ sending: 'Sending is not configured: an admin sets it in Settings → Sending' })
    expect(failures(input({ sendingConfigured: null }))).toEqual({})
    expect(failures(input({ sendingConfigured: null, hasSyncServer: false }))).toEqual({
      sending: 'Campaigns are sent by the sync server: sign in under Settings → Sync first',
    })
  })

  it('refuses a schedule more than five minutes in the past', () => {
    expect(failures(input({ campaign: { ...input().campaign, scheduledAt: NOW - 6 * 60_000 } }))).toEqual({ schedule: 'The scheduled time is in the past' })
    expect(failures(input({ campaign: { ...input().campaign, scheduledAt: NOW - 4 * 60_000 } }))).toEqual({})
    expect(failures(input({ campaign: { ...input().campaign, scheduledAt: NOW + 86_400_000 } }))).toEqual({})
  })
})

describe('campaign readiness of an A/B test', () => {
  const abTest = {
    variants: [
      { id: 'A', name: 'Short', subject: 'Sale', fromName: '', templateId: '' },
      { id: 'B', name: 'Long', subject: 'Our spring sale starts today', fromName: '', templateId: '' },
    ],
    testPercent: 20,
    metric: 'clicks' as const,
    waitMinutes: 90,
  }

  it('adds one check after the content checks, saying how the audience splits', () => {
    const checks = checkCampaignReadiness(input({ campaign: { name: 'Spring', segmentId: 'S1', templateId: 'T1', scheduledAt: 0, abTest } }))
    expect(checks.map((check) => check.id)).toEqual(['name', 'audience', 'template', 'subject', 'sender', 'unsubscribe', 'abTest', 'sending', 'schedule'])
    expect(checks.find((check) => check.id === 'abTest')).toEqual({
      id: 'abTest',
      ok: true,
      message: 'A/B test of 2 variants: 240 get the test, 960 the winner, picked by clicks after 1 hour 30 minutes',
    })
  })

  it('lists what stops the test: identical variants, a variant template without unsubscribe link, too small an audience', () => {
    const same = { ...abTest, variants: abTest.variants.map((variant) => ({ ...variant, subject: 'Sale' })) }
    expect(failures(input({ campaign: { name: 'Spring', segmentId: 'S1', templateId: 'T1', scheduledAt: 0, abTest: same } })).abTest).toBe(
      'A/B test: Variant “Long”: sends exactly what variant “Short” sends: change its subject, sender name or template',
    )
    const withTemplate = { ...abTest, variants: [abTest.variants[0], { ...abTest.variants[1], templateId: 'T2' }] as typeof abTest.variants }
    const noUnsubscribe = input({
      campaign: { name: 'Spring', segmentId: 'S1', templateId: 'T1', scheduledAt: 0, abTest: withTemplate },
      templateById: (id) => (id === 'T2' ? { id, name: 'Plain', subject: 'x', fromName: '', html: '<p>no link</p>' } : null),
      audienceCount: 1,
    })
    expect(failures(noUnsubscribe).abTest).toBe('A/B test: Variant “Long”: add an unsubscribe link to “Plain”; and 1 more')
    expect(isCampaignReady(checkCampaignReadiness(noUnsubscribe))).toBe(false)
  })
})
