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

export const AB_TEST_LIMITS = { variants: 4, minVariants: 2, minTestPercent: 5, maxTestPercent: 50, minWaitMinutes: 15, maxWaitMinutes: 10_080 } as const
export const AB_TEST_METRICS = ['clicks', 'opens'] as const
export type AbTestMetric = (typeof AB_TEST_METRICS)[number]
export const AB_TEST_PHASES = ['testing', 'waiting', 'decided', 'sending_winner', 'done'] as const
export type AbTestPhase = (typeof AB_TEST_PHASES)[number]

/**
 * An A/B test (issue 8): 2–4 variants of subject, sender name or content. `testPercent` of the
 * audience is split evenly among the variants; after `waitMinutes` the variant with the most
 * unique clicks (or opens, less reliable) wins and goes to the rest. '' in a variant = the campaign's own.
 */
export const abTestSchema = {
  type: 'object',
  properties: {
    variants: {
      type: 'array',
      minItems: AB_TEST_LIMITS.minVariants,
      maxItems: AB_TEST_LIMITS.variants,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 26 },
          name: { type: 'string', maxLength: 40 },
          subject: { type: 'string', maxLength: CAMPAIGN_LIMITS.subject },
          fromName: { type: 'string', maxLength: 120 },
          templateId: { type: 'string', maxLength: 26 },
        },
        required: ['id', 'name', 'subject', 'fromName', 'templateId'],
        additionalProperties: false,
      },
    },
    testPercent: { type: 'integer', minimum: AB_TEST_LIMITS.minTestPercent, maximum: AB_TEST_LIMITS.maxTestPercent },
    metric: { type: 'string', enum: AB_TEST_METRICS, maxLength: 10 },
    waitMinutes: { type: 'integer', minimum: AB_TEST_LIMITS.minWaitMinutes, maximum: AB_TEST_LIMITS.maxWaitMinutes },
    /** Set by a member to end the test early with this variant ('' = let the metric decide). */
    manualWinnerId: { type: 'string', maxLength: 26 },
  },
  required: ['variants', 'testPercent', 'metric', 'waitMinutes'],
  additionalProperties: false,
} as const

/** Written by the sync server only: the test's progress and each variant's figures. */
export const abResultSchema = {
  type: 'object',
  properties: {
    phase: { type: 'string', enum: AB_TEST_PHASES, maxLength: 20 },
    /** Contacts in the test share, and when the winner is picked (epoch ms). */
    testRecipients: count,
    testEndsAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    /** '' until decided. */
    winnerId: { type: 'string', maxLength: 26 },
    decidedAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    /** What picked the winner: the metric, a member, or a tie (the first variant). */
    decidedBy: { type: 'string', enum: ['clicks', 'opens', 'manual', 'tie'], maxLength: 10 },
    variants: {
      type: 'array',
      maxItems: AB_TEST_LIMITS.variants,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', maxLength: 26 },
          recipients: count,
          sent: count,
          uniqueOpens: count,
          uniqueClicks: count,
          /** Probability (0–1) that this variant's rate is the best of all, given the test so far. */
          confidence: { type: 'number', minimum: 0, maximum: 1 },
        },
        required: ['id', 'recipients', 'sent', 'uniqueOpens', 'uniqueClicks', 'confidence'],
        additionalProperties: false,
      },
    },
  },
  required: ['phase', 'testRecipients', 'testEndsAt', 'winnerId', 'variants'],
  additionalProperties: false,
} as const

/**
 * A campaign: audience (segment), content (template) and schedule. `status` follows the pure
 * state machine in src/core/campaigns; the server checks every pushed status change against it.
 */
export const campaignSchema = {
  title: 'campaigns',
  description: 'Email campaigns: audience, content, schedule, status and server-written stats',
  version: 1,
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
    /** Present when the campaign is an A/B test (v1; optional so v0 documents stay valid). */
    abTest: abTestSchema,
    // Server-owned from here on.
    startedAt: timestampProperty,
    completedAt: timestampProperty,
    /** Why the server stopped or refused the campaign ('' when none). */
    statusReason: { type: 'string', maxLength: 500 },
    stats: campaignStatsSchema,
    abResult: abResultSchema,
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
export type AbTest = FromSchema<typeof abTestSchema>
export type AbTestVariant = AbTest['variants'][number]
export type AbResult = FromSchema<typeof abResultSchema>

/** v1 only added optional fields (abTest, abResult): v0 documents are valid v1. */
export const campaignMigrationStrategies = {
  1: (old: Campaign): Campaign => old,
}

/** Campaign fields only the sync server writes; pushed values for them are ignored. */
export const CAMPAIGN_SERVER_FIELDS = ['startedAt', 'completedAt', 'statusReason', 'stats', 'abResult'] as const

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
