import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, timestampProperty } from './common'

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

export const CAMPAIGN_LIMITS = { name: 120, subject: 250, timeZone: 64, links: 200, timeline: 400 } as const

const count = { type: 'integer', minimum: 0, maximum: 1e12 } as const

/**
 * Written by the sync server only (pushes of it are ignored): delivery and engagement figures.
 * Opens and clicks are split into human and machine (privacy proxies, scanners, instant opens).
 */
export const campaignStatsSchema = {
  type: 'object',
  properties: {
    recipients: count,
    suppressed: count,
    sent: count,
    delivered: count,
    failed: count,
    bounced: count,
    opens: count,
    uniqueOpens: count,
    machineOpens: count,
    clicks: count,
    uniqueClicks: count,
    machineClicks: count,
    unsubscribes: count,
    /** Per link, in order of appearance in the HTML. */
    links: {
      type: 'array',
      maxItems: CAMPAIGN_LIMITS.links,
      items: {
        type: 'object',
        properties: { url: { type: 'string', maxLength: 2048 }, clicks: count, uniqueClicks: count },
        required: ['url', 'clicks', 'uniqueClicks'],
        additionalProperties: false,
      },
    },
    /** Human opens and clicks per hour (bucket start, epoch ms). */
    timeline: {
      type: 'array',
      maxItems: CAMPAIGN_LIMITS.timeline,
      items: {
        type: 'object',
        properties: { at: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 }, opens: count, clicks: count },
        required: ['at', 'opens', 'clicks'],
        additionalProperties: false,
      },
    },
    updatedAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
  },
  required: [
    'recipients',
    'suppressed',
    'sent',
    'delivered',
    'failed',
    'bounced',
    'opens',
    'uniqueOpens',
    'machineOpens',
    'clicks',
    'uniqueClicks',
    'machineClicks',
    'unsubscribes',
    'links',
    'timeline',
    'updatedAt',
  ],
  additionalProperties: false,
} as const

/**
 * A campaign: audience (segment), content (template) and schedule. `status` follows the pure
 * state machine in src/core/campaigns; the server checks every pushed status change against it.
 */
export const campaignSchema = {
  title: 'campaigns',
  description: 'Email campaigns: audience, content, schedule, status and server-written stats',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    name: { type: 'string', minLength: 1, maxLength: CAMPAIGN_LIMITS.name },
    status: { type: 'string', enum: CAMPAIGN_STATUSES, maxLength: 10 },
    /** '' until chosen. */
    segmentId: { type: 'string', maxLength: 26 },
    templateId: { type: 'string', maxLength: 26 },
    /** When to start (epoch ms); 0 while unscheduled. "Send now" schedules at the current time. */
    scheduledAt: timestampProperty,
    /** IANA zone the schedule was entered in (shown back to the user). */
    timeZone: { type: 'string', maxLength: CAMPAIGN_LIMITS.timeZone },
    // Server-owned from here on.
    startedAt: timestampProperty,
    completedAt: timestampProperty,
    /** Why the server stopped or refused the campaign ('' when none). */
    statusReason: { type: 'string', maxLength: 500 },
    stats: campaignStatsSchema,
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'name', 'status', 'segmentId', 'templateId', 'scheduledAt', 'timeZone', 'createdAt', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt'],
} as const

export type Campaign = FromSchema<typeof campaignSchema>
export type CampaignStats = FromSchema<typeof campaignStatsSchema>

/** Campaign fields only the sync server writes; pushed values for them are ignored. */
export const CAMPAIGN_SERVER_FIELDS = ['startedAt', 'completedAt', 'statusReason', 'stats'] as const

export function emptyCampaignStats(): CampaignStats {
  return {
    recipients: 0,
    suppressed: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    bounced: 0,
    opens: 0,
    uniqueOpens: 0,
    machineOpens: 0,
    clicks: 0,
    uniqueClicks: 0,
    machineClicks: 0,
    unsubscribes: 0,
    links: [],
    timeline: [],
    updatedAt: 0,
  }
}
