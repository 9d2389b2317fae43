import { randomBytes } from 'node:crypto'
import { monotonicFactory } from 'ulid'
import type { Company, Contact } from '@core/schema'
import { renderEmail } from '@core/templates/emailTemplate'
import type { CompiledEmail } from '@core/templates/emailTemplate'
import { signTrackingToken } from '../tracking/trackingTokens'
import type { TrackingTokenKind } from '../tracking/trackingTokens'
import type { OutgoingMessage } from './mailer'

// One campaign message for one recipient (issue 5, item 5): HTML + text rendered from the
// compiled template with signed tracking links, a unique Message-ID, List-Unsubscribe (HTTPS and
// mailto) with RFC 8058 one-click, List-Id, and the X-Outpost headers the embedded sink files by.

/** Everything that is the same for every message of one campaign run. */
export interface CampaignMessageContext {
  workspaceId: string
  campaign: { id: string; name: string }
  compiled: CompiledEmail
  from: { name: string; address: string }
  /** OUTPOST_PUBLIC_URL without a trailing slash. */
  publicUrl: string
  /** OUTPOST_SECRET: signs the tracking tokens. */
  secret: string
  /** A/B variants: where this template's links start in the run's links (default 0). */
  linkOffset?: number
}

// ulid's default source asks crypto for one byte per character (16 calls per new millisecond),
// which showed up in the send profile: the same crypto bytes, drawn from a pooled buffer.
const RANDOM_POOL_BYTES = 4_096
let randomPool = randomBytes(RANDOM_POOL_BYTES)
let randomAt = 0
function pooledRandom(): number {
  if (randomAt === RANDOM_POOL_BYTES) {
    randomPool = randomBytes(RANDOM_POOL_BYTES)
    randomAt = 0
  }
  const byte = randomPool[randomAt] ?? 0
  randomAt += 1
  return byte / 256
}
const nextUlid = monotonicFactory(pooledRandom)

/** The headers that are the same for every message of a campaign run, built once per context. */
const campaignHeaders = new WeakMap<CampaignMessageContext, { listId: string }>()

export function buildCampaignMessage(
  context: CampaignMessageContext,
  recipient: { contactId: string; email: string },
  contact: Contact,
  company: Company | null,
  issuedAt: number,
): OutgoingMessage {
  const host = hostOf(context.publicUrl)
  let fixed = campaignHeaders.get(context)
  if (fixed === undefined) {
    fixed = { listId: listId(context) }
    campaignHeaders.set(context, fixed)
  }
  const token = (kind: TrackingTokenKind, linkIndex = -1): string =>
    signTrackingToken(
      { kind, workspaceId: context.workspaceId, campaignId: context.campaign.id, contactId: recipient.contactId, linkIndex, issuedAt },
      context.secret,
    )
  const unsubscribeToken = token('u')
  const unsubscribeUrl = `${context.publicUrl}/u/${unsubscribeToken}`
  const rendered = renderEmail(
    context.compiled,
    { contact, company, campaign: context.campaign, unsubscribeUrl },
    { linkUrl: (index) => `${context.publicUrl}/t/c/${token('c', (context.linkOffset ?? 0) + index)}`, openPixelUrl: `${context.publicUrl}/t/o/${token('o')}` },
  )
  // The token goes in the subject, not the address: it is longer than a local part may be (64).
  const mailto = `mailto:unsubscribe@${host}?subject=unsubscribe%20${unsubscribeToken}`
  return {
    from: context.from,
    to: recipient.email,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId: `<${nextUlid()}@${host}>`,
    headers: {
      // Prepared: written as is, never folded inside the angle brackets.
      'List-Unsubscribe': { prepared: true, value: `<${unsubscribeUrl}>, <${mailto}>` },
      'List-Unsubscribe-Post': { prepared: true, value: 'List-Unsubscribe=One-Click' },
      'List-Id': { prepared: true, value: fixed.listId },
      'X-Outpost-Workspace': { prepared: true, value: context.workspaceId },
      'X-Outpost-Campaign': { prepared: true, value: context.campaign.id },
    },
  }
}

const hosts = new Map<string, string>()

/** The public URL's host name (parsed once: this runs for every message). */
function hostOf(publicUrl: string): string {
  let host = hosts.get(publicUrl)
  if (host === undefined) {
    host = new URL(publicUrl).hostname
    hosts.set(publicUrl, host)
  }
  return host
}

/**
 * `"Campaign name" <campaignId.workspaceId.list-id.outpost>` (RFC 2919). Written prepared (never
 * folded inside the id); the name loses what would break the header and is encoded when not ASCII.
 */
function listId(context: CampaignMessageContext): string {
  const label = context.campaign.name.replace(/[\r\n<>"\\]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100)
  const id = `<${context.campaign.id}.${context.workspaceId}.list-id.outpost>`
  if (label === '') return id
  const phrase = /^[\x20-\x7e]*$/.test(label) ? `"${label}"` : `=?UTF-8?B?${Buffer.from(label, 'utf8').toString('base64')}?=`
  return `${phrase} ${id}`
}
