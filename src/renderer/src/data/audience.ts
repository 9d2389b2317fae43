import { useEffect, useMemo, useState } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import type { Company, Contact, EngagementEvent, Segment } from '@core/schema'
import { buildEngagementIndex, segmentMatcher, type SegmentContext } from '@core/segments/evaluateSegment'
import { EMPTY_CONTACT_QUERY, type ContactIndex } from './contactIndex'
import { useData } from './dataContext'
import { useCompanies, useContactIndexVersion, useRxQueryResult } from './hooks'

export type AudienceSegment = Pick<Segment, 'id' | 'kind' | 'rules'>

export interface AudienceCount {
  /** Matching contacts that will be mailed. */
  count: number
  /** Matching contacts left out because they unsubscribed or bounced. */
  suppressed: number
}

export interface Audience extends AudienceCount {
  /** The first matches (by name), for a preview table. */
  sample: Contact[]
  /** True while a rule edit waits for its debounce or the companies/events are still loading. */
  computing: boolean
}

export const AUDIENCE_SAMPLE_SIZE = 20
const RULE_EDIT_DEBOUNCE_MS = 100

/** A contact that matches but is never mailed (the server applies the same suppression at send time). */
export function isSuppressed(contact: Contact): boolean {
  return contact.unsubscribed === true || contact.bounced === true
}

export function countAudience(contacts: Iterable<Contact>, matches: (contact: Contact) => boolean): AudienceCount {
  let count = 0
  let suppressed = 0
  for (const contact of contacts) {
    if (!matches(contact)) continue
    if (isSuppressed(contact)) suppressed++
    else count++
  }
  return { count, suppressed }
}

/** One pass over the contacts: the counts plus the first `sampleSize` mailable matches. */
export function evaluateAudience(
  contacts: Iterable<Contact>,
  matches: (contact: Contact) => boolean,
  sampleSize = AUDIENCE_SAMPLE_SIZE,
): AudienceCount & { sample: Contact[] } {
  let count = 0
  let suppressed = 0
  const sample: Contact[] = []
  for (const contact of contacts) {
    if (!matches(contact)) continue
    if (isSuppressed(contact)) {
      suppressed++
      continue
    }
    count++
    if (sample.length < sampleSize) sample.push(contact)
  }
  return { count, suppressed, sample }
}

/** Every contact of the index in name order (the order the contacts screen shows by default). */
export function* contactsByName(index: ContactIndex): Generator<Contact> {
  for (const id of index.query(EMPTY_CONTACT_QUERY)) {
    const contact = index.get(id)
    if (contact) yield contact
  }
}

/** What a segment's rules need besides the contact: companies by id and engagement from the local events. */
export function useSegmentContext(): { context: SegmentContext; loading: boolean } {
  const { db } = useData()
  const companies = useCompanies()
  const events = useRxQueryResult<EngagementEvent>(
    () => db.events.find() as unknown as RxQuery<EngagementEvent, RxDocument<EngagementEvent>[]>,
    [db],
  )
  const companiesById = useMemo(() => new Map<string, Company>((companies ?? []).map((company) => [company.id, company])), [companies])
  const engagement = useMemo(() => buildEngagementIndex(events ?? []), [events])
  // A minute's resolution is plenty for "within the last N days", and recounting once a minute is cheap.
  const now = useMinuteClock()
  const context = useMemo<SegmentContext>(() => ({ companiesById, engagement, now }), [companiesById, engagement, now])
  return { context, loading: companies === undefined || events === undefined }
}

function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

/** Debounces a value by `delayMs`, but passes the first value and a switch to/from null at once. */
function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value)
  const immediate = (value === null) !== (debounced === null)
  useEffect(() => {
    if (immediate) {
      setDebounced(value)
      return
    }
    const timer = setTimeout(() => setDebounced(value), delayMs)
    return () => clearTimeout(timer)
  }, [value, delayMs, immediate])
  return immediate ? value : debounced
}

/**
 * The live audience of a segment (or static list) over every contact in memory: recomputed when
 * its rules, the contacts, companies or engagement events change; rule edits are debounced a little.
 * Callers may pass a new object every render: only the content counts.
 */
export function useAudience(segment: AudienceSegment | null): Audience {
  const { contacts: index } = useData()
  const version = useContactIndexVersion(index)
  const { context, loading } = useSegmentContext()
  const key = segment ? JSON.stringify([segment.id, segment.kind, segment.rules]) : null
  const debouncedKey = useDebounced(key, RULE_EDIT_DEBOUNCE_MS)
  const debounced = useMemo((): AudienceSegment | null => {
    if (debouncedKey === null) return null
    const [id, kind, rules] = JSON.parse(debouncedKey) as [AudienceSegment['id'], AudienceSegment['kind'], AudienceSegment['rules']]
    return { id, kind, rules }
  }, [debouncedKey])
  const result = useMemo(() => {
    void version
    if (!debounced) return { count: 0, suppressed: 0, sample: [] as Contact[] }
    return evaluateAudience(contactsByName(index), segmentMatcher(debounced, context))
  }, [index, version, debounced, context])
  return { ...result, computing: debouncedKey !== key || loading || index.loading }
}
