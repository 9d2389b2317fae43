import type { SyncedDoc } from './syncedDoc'

// An erased document (a contact erased for privacy, with its activities and events) is a
// tombstone whose personal fields were blanked. It carries this key in its clock, and in every
// merge it wins outright: an offline device that still holds the old data, or edits it after the
// erasure with a later clock, can never put a blanked value back.

/** The `_clock` key that marks a document as erased (clocks allow any key; documents do not). */
export const ERASED_CLOCK_KEY = '_erased'

export function isErased(doc: Pick<SyncedDoc, '_clock'>): boolean {
  return typeof doc._clock[ERASED_CLOCK_KEY] === 'string'
}
