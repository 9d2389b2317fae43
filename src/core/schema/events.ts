import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, timestampProperty } from './common'

export const ENGAGEMENT_EVENT_TYPES = ['open', 'click', 'bounce', 'unsubscribe', 'complaint'] as const
export type EngagementEventType = (typeof ENGAGEMENT_EVENT_TYPES)[number]

/**
 * Engagement, written by the sync server only and append-only. Clients get a recent window
 * (OUTPOST_EVENTS_WINDOW_DAYS); full history stays on the server and in the rollups on
 * contacts and campaigns. There is no per-recipient "sent" event, so 100k sends stay light.
 */
export const eventSchema = {
  title: 'events',
  description: 'Engagement events (server-authored, read-only on clients)',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    type: { type: 'string', enum: ENGAGEMENT_EVENT_TYPES, maxLength: 12 },
    campaignId: { type: 'string', maxLength: 26 },
    contactId: { type: 'string', maxLength: 26 },
    email: { type: 'string', maxLength: 254 },
    /** Clicks: the link's position in the campaign (-1 otherwise) and its URL. */
    linkIndex: { type: 'integer', minimum: -1, maximum: 10_000 },
    url: { type: 'string', maxLength: 2048 },
    /** Likely not a person: privacy proxy, link scanner, or within seconds of delivery. */
    machine: { type: 'boolean' },
    at: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'type', 'campaignId', 'contactId', 'email', 'linkIndex', 'url', 'machine', 'at', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt', ['campaignId', 'at'], ['contactId', 'at']],
} as const

export type EngagementEvent = FromSchema<typeof eventSchema>
