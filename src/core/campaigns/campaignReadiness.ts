import type { Campaign } from '../schema/campaigns'
import { abTestShares, validateAbTest } from './abTest'
import type { Segment } from '../schema/segments'
import type { Template } from '../schema/templates'
import { checkTemplate, hasUnsubscribeLink, type TemplateIssue } from '../templates/emailTemplate'
import { UNSUBSCRIBE_URL_TAG } from '../templates/mergeTags'

export type ReadinessCheckId = 'name' | 'audience' | 'template' | 'subject' | 'sender' | 'unsubscribe' | 'abTest' | 'sending' | 'schedule'

export interface ReadinessCheck {
  id: ReadinessCheckId
  ok: boolean
  message: string
}

export interface ReadinessInput {
  campaign: Pick<Campaign, 'name' | 'segmentId' | 'templateId' | 'scheduledAt' | 'abTest'>
  segment: Pick<Segment, 'id' | 'name' | 'kind' | 'rules'> | null
  template: Pick<Template, 'subject' | 'preheader' | 'html' | 'fromName' | 'fromEmail'> | null
  /** After suppression; null = not computed. */
  audienceCount: number | null
  /** null = unknown (offline): the server checks again. */
  sendingConfigured: boolean | null
  /** False while the device has no sync server account: the server is what sends. Default true. */
  hasSyncServer?: boolean
  /** Templates an A/B test's variants may name (null when missing); only read for A/B campaigns. */
  templateById?: (id: string) => (Pick<Template, 'id' | 'subject' | 'fromName' | 'html'> & { name: string }) | null
  now: number
}

// A schedule a few minutes old is "send now" that took a moment, not a mistake.
const PAST_SCHEDULE_GRACE_MS = 5 * 60_000
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const count = new Intl.NumberFormat('en-US')

/** Every check, in the order of the campaign flow, each failure said the way a marketer can act on it. */
export function checkCampaignReadiness(input: ReadinessInput): ReadinessCheck[] {
  const { campaign, template } = input
  const name = campaign.name.trim()
  return [
    { id: 'name', ok: name !== '', message: name !== '' ? `Named “${name}”` : 'Give the campaign a name' },
    audienceCheck(input),
    templateCheck(input),
    template === null
      ? { id: 'subject', ok: false, message: 'Choose a template to set the subject line' }
      : template.subject.trim() === ''
        ? { id: 'subject', ok: false, message: 'Add a subject line to the template' }
        : { id: 'subject', ok: true, message: `Subject: ${template.subject.trim()}` },
    senderCheck(template),
    template === null
      ? { id: 'unsubscribe', ok: false, message: 'Choose a template with an unsubscribe link' }
      : hasUnsubscribeLink(template.html)
        ? { id: 'unsubscribe', ok: true, message: 'The template has an unsubscribe link' }
        : { id: 'unsubscribe', ok: false, message: `Add an unsubscribe link ({{ ${UNSUBSCRIBE_URL_TAG} }}) to the template` },
    ...(campaign.abTest === undefined ? [] : [abTestCheck(input, campaign.abTest)]),
    sendingCheck(input.sendingConfigured, input.hasSyncServer ?? true),
    scheduleCheck(campaign.scheduledAt, input.now),
  ]
}

export function isCampaignReady(checks: readonly ReadinessCheck[]): boolean {
  return checks.every((check) => check.ok)
}

function audienceCheck({ campaign, segment, audienceCount }: ReadinessInput): ReadinessCheck {
  if (segment === null) {
    return { id: 'audience', ok: false, message: campaign.segmentId === '' ? 'Choose an audience' : 'The chosen audience was deleted: choose another one' }
  }
  const hasRules = segment.rules.groups.some((group) => group.conditions.length > 0)
  if (segment.kind === 'dynamic' && !hasRules) {
    return { id: 'audience', ok: false, message: `The segment “${segment.name}” has no conditions yet, so it matches nobody` }
  }
  if (audienceCount === null) return { id: 'audience', ok: true, message: `Audience: ${segment.name}` }
  if (audienceCount === 0) {
    return { id: 'audience', ok: false, message: 'The audience is empty after removing unsubscribed and bounced contacts' }
  }
  return { id: 'audience', ok: true, message: `${count.format(audienceCount)} ${audienceCount === 1 ? 'contact' : 'contacts'} in ${segment.name}` }
}

const FIELD_NAMES: Record<TemplateIssue['field'], string> = { subject: 'subject', preheader: 'preview text', html: 'HTML' }

function templateCheck({ campaign, template }: ReadinessInput): ReadinessCheck {
  if (template === null) {
    return { id: 'template', ok: false, message: campaign.templateId === '' ? 'Choose a template' : 'The chosen template was deleted: choose another one' }
  }
  // The subject and the unsubscribe link have checks of their own.
  const errors = checkTemplate(template).filter(
    (issue) => issue.severity === 'error' && issue.code !== 'emptySubject' && issue.code !== 'missingUnsubscribe',
  )
  if (errors.length === 0) return { id: 'template', ok: true, message: 'The template has no errors' }
  const shown = errors.slice(0, 3).map((issue) => `${issue.message.replace(/\.$/, '')} (${FIELD_NAMES[issue.field]}, line ${issue.line})`)
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : ''
  const noun = errors.length === 1 ? '1 error' : `${errors.length} errors`
  return { id: 'template', ok: false, message: `The template has ${noun}: ${shown.join('; ')}${more}` }
}

function senderCheck(template: ReadinessInput['template']): ReadinessCheck {
  if (template === null) return { id: 'sender', ok: false, message: 'Choose a template to set the sender' }
  const address = template.fromEmail.trim()
  if (address === '') return { id: 'sender', ok: false, message: 'Set a sender address in the template' }
  if (!EMAIL_PATTERN.test(address)) return { id: 'sender', ok: false, message: `The sender address “${address}” is not a valid email address` }
  const fromName = template.fromName.trim()
  return { id: 'sender', ok: true, message: fromName === '' ? `From ${address}` : `From ${fromName} <${address}>` }
}

function abTestCheck({ campaign, template, templateById, audienceCount }: ReadinessInput, abTest: NonNullable<Campaign['abTest']>): ReadinessCheck {
  const lookup = templateById ?? (() => null)
  const issues = validateAbTest(abTest, {
    campaignTemplate: template === null || campaign.templateId === '' ? null : { id: campaign.templateId, subject: template.subject, fromName: template.fromName },
    templateById: lookup,
  }).map((issue) => issue.message)
  for (const variant of abTest.variants) {
    const own = variant.templateId === '' ? null : lookup(variant.templateId)
    if (own !== null && !hasUnsubscribeLink(own.html)) issues.push(`Variant “${variant.name.trim()}”: add an unsubscribe link to “${own.name}”`)
  }
  if (audienceCount !== null && audienceCount > 0 && audienceCount < abTest.variants.length) {
    issues.push(`The audience has fewer contacts than the test has variants (${abTest.variants.length})`)
  }
  if (issues.length > 0) {
    const more = issues.length > 1 ? `; and ${issues.length - 1} more` : ''
    return { id: 'abTest', ok: false, message: `A/B test: ${issues[0] ?? ''}${more}` }
  }
  const shares = audienceCount === null ? null : abTestShares(audienceCount, abTest.testPercent, abTest.variants.length)
  const split = shares === null ? `${abTest.testPercent}% get the test` : `${count.format(shares.test)} get the test, ${count.format(shares.rest)} the winner`
  return { id: 'abTest', ok: true, message: `A/B test of ${abTest.variants.length} variants: ${split}, picked by ${abTest.metric} after ${formatWait(abTest.waitMinutes)}` }
}

/** "45 minutes", "2 hours", "1 day 6 hours". */
export function formatWait(minutes: number): string {
  const days = Math.floor(minutes / 1_440)
  const hours = Math.floor((minutes % 1_440) / 60)
  const rest = minutes % 60
  const parts = [
    days > 0 ? `${days} ${days === 1 ? 'day' : 'days'}` : '',
    hours > 0 ? `${hours} ${hours === 1 ? 'hour' : 'hours'}` : '',
    rest > 0 ? `${rest} ${rest === 1 ? 'minute' : 'minutes'}` : '',
  ].filter((part) => part !== '')
  return parts.length === 0 ? '0 minutes' : parts.join(' ')
}

function sendingCheck(configured: boolean | null, hasSyncServer: boolean): ReadinessCheck {
  if (!hasSyncServer) return { id: 'sending', ok: false, message: 'Campaigns are sent by the sync server: sign in under Settings → Sync first' }
  if (configured === false) return { id: 'sending', ok: false, message: 'Sending is not configured: an admin sets it in Settings → Sending' }
  if (configured === null) return { id: 'sending', ok: true, message: 'The server checks the sending settings when the campaign starts' }
  return { id: 'sending', ok: true, message: 'Sending is configured' }
}

function scheduleCheck(scheduledAt: number, now: number): ReadinessCheck {
  if (scheduledAt > 0 && scheduledAt < now - PAST_SCHEDULE_GRACE_MS) return { id: 'schedule', ok: false, message: 'The scheduled time is in the past' }
  if (scheduledAt === 0) return { id: 'schedule', ok: true, message: 'Send now, or pick a date and time' }
  return { id: 'schedule', ok: true, message: 'The scheduled time is ahead' }
}
