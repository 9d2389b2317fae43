import type { Kysely, Migration } from 'kysely'

// Placeholder: filled in by its owner before this migration ships.
export const workflowsMigration: Migration = {
  async up(_db: Kysely<unknown>): Promise<void> {},
}
