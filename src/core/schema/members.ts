import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, timestampProperty } from './common'

export const MEMBER_ROLES = ['owner', 'admin', 'member'] as const
export type MemberRole = (typeof MEMBER_ROLES)[number]

/**
 * Who belongs to the workspace. Written only by the sync server (from its memberships table)
 * and replicated read-only: clients never push this collection.
 */
export const memberSchema = {
  title: 'members',
  description: 'Workspace members (server-authored, read-only on clients)',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    /** The member's user id. */
    id: idProperty,
    email: { type: 'string', maxLength: 254 },
    name: { type: 'string', maxLength: 100 },
    role: { type: 'string', enum: MEMBER_ROLES, maxLength: 10 },
    joinedAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'email', 'name', 'role', 'joinedAt', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt'],
} as const

export type Member = FromSchema<typeof memberSchema>
