import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, timestampProperty } from './common'

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const
export type DealStatus = (typeof DEAL_STATUSES)[number]

export const DEAL_LIMITS = { name: 200, lostReason: 500, stageHistory: 200 } as const

/** ISO 4217 code, upper case. */
export const CURRENCY_PATTERN = '^[A-Z]{3}$'
/** A calendar day (YYYY-MM-DD) or '' when not set. */
export const DAY_OR_EMPTY_PATTERN = '^(\\d{4}-\\d{2}-\\d{2})?$'

/**
 * Sales opportunities. A deal sits in one stage of one pipeline (settings items of kind
 * 'pipeline'); won and lost are statuses, not stages, so a pipeline's stages stay its own.
 * Money is an integer in minor units (cents) so sums never drift.
 */
export const dealSchema = {
  title: 'deals',
  description: 'Deals in a sales pipeline',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    name: { type: 'string', minLength: 1, maxLength: DEAL_LIMITS.name },
    pipelineId: { type: 'string', maxLength: 26 },
    stageId: { type: 'string', maxLength: 26 },
    status: { type: 'string', enum: DEAL_STATUSES, maxLength: 10 },
    /** Minor units (cents) of `currency`. */
    amount: { type: 'integer', minimum: 0, maximum: 1e13 },
    currency: { type: 'string', pattern: CURRENCY_PATTERN, maxLength: 3 },
    /** Expected (open) or actual (won/lost) close day, YYYY-MM-DD; '' when not set. */
    closeDate: { type: 'string', pattern: DAY_OR_EMPTY_PATTERN, maxLength: 10 },
    /** Workspace member id; '' when nobody owns it. */
    ownerId: { type: 'string', maxLength: 26 },
    /** '' when not linked. */
    contactId: { type: 'string', maxLength: 26 },
    companyId: { type: 'string', maxLength: 26 },
    lostReason: { type: 'string', maxLength: DEAL_LIMITS.lostReason },
    /** When it was won or lost; absent while open. */
    closedAt: timestampProperty,
    /** Every stage the deal entered, oldest first (time in stage, stage conversion). */
    stageHistory: {
      type: 'array',
      maxItems: DEAL_LIMITS.stageHistory,
      items: {
        type: 'object',
        properties: { stageId: { type: 'string', maxLength: 26 }, at: timestampProperty },
        required: ['stageId', 'at'],
        additionalProperties: false,
      },
    },
    /** Order within its kanban column (fractional, so a move rewrites one deal). */
    position: { type: 'number', minimum: -1e12, maximum: 1e12 },
    /** The member who last changed it (server-checked); absent when changed while local only. */
    updatedBy: { type: 'string', maxLength: 26 },
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: [
    'id',
    'name',
    'pipelineId',
    'stageId',
    'status',
    'amount',
    'currency',
    'closeDate',
    'ownerId',
    'contactId',
    'companyId',
    'lostReason',
    'stageHistory',
    'position',
    'createdAt',
    'updatedAt',
    '_clock',
  ],
  additionalProperties: false,
  indexes: ['updatedAt'],
} as const

export type Deal = FromSchema<typeof dealSchema>
export type DealStageEntry = Deal['stageHistory'][number]
