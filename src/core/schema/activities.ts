import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, timestampProperty } from './common'

export const ACTIVITY_KINDS = ['note', 'task', 'call', 'meeting', 'comment'] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]

export const ACTIVITY_LIMITS = { subject: 200, body: 10_000 } as const

export const activitySchema = {
  title: 'activities',
  description: 'Timeline entries: notes, tasks (due date, done flag, assignee), calls, meetings and comments',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    kind: { type: 'string', enum: ACTIVITY_KINDS, maxLength: 10 },
    /** '' when not linked (indexed fields cannot be absent). */
    contactId: { type: 'string', maxLength: 26 },
    companyId: { type: 'string', maxLength: 26 },
    subject: { type: 'string', maxLength: ACTIVITY_LIMITS.subject },
    body: { type: 'string', maxLength: ACTIVITY_LIMITS.body },
    /** When it happened (note, call, meeting) or was created (task). */
    occurredAt: timestampProperty,
    /** Tasks only. */
    dueAt: timestampProperty,
    done: { type: 'boolean' },
    doneAt: timestampProperty,
    /** Calls and meetings. */
    durationMinutes: { type: 'integer', minimum: 0, maximum: 1440 },
    /** Linked deal; absent when none (v1 fields are optional so v0 documents stay valid). */
    dealId: { type: 'string', maxLength: 26 },
    /** Tasks: the member who should do it; absent or '' = unassigned. */
    assigneeId: { type: 'string', maxLength: 26 },
    /** Comments (and notes): members @mentioned in the body. */
    mentions: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 26 } },
    /** Who wrote it; absent when written while local only. */
    authorId: { type: 'string', maxLength: 26 },
    /** The member who last changed it (server-checked). */
    updatedBy: { type: 'string', maxLength: 26 },
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'kind', 'contactId', 'companyId', 'subject', 'body', 'occurredAt', 'createdAt', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt', ['contactId', 'occurredAt'], ['companyId', 'occurredAt']],
} as const

export type Activity = FromSchema<typeof activitySchema>

/** v1 only added a kind and optional fields: v0 documents are valid v1. */
export const activityMigrationStrategies = {
  1: (old: Activity): Activity => old,
}
