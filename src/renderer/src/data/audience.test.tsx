import { act, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { Provider } from 'react-redux'
import type { Contact, SegmentRules } from '@core/schema'
import { segmentMatcher, type SegmentContext } from '@core/segments/evaluateSegment'
import { makeStore } from '../app/store'
import { contactFields } from '../test/fixtures'
import { closeTestData, createTestData } from '../test/renderWithProviders'
import { countAudience, evaluateAudience, useAudience, type AudienceSegment } from './audience'
import { DataContext, type OutpostData } from './dataContext'
import { insertSyncedDocs, patchSyncedDoc } from './syncedWrites'

const context: SegmentContext = { companiesById: new Map(), engagement: new Map(), now: Date.UTC(2025, 0, 1) }

function rules(conditions: SegmentRules['groups'][number]['conditions']): SegmentRules {
  return { match: 'all', groups: [{ id: 'g1', match: 'all', conditions }] }
}

const customersTagged: SegmentRules = rules([
  { id: 'c1', field: 'contact.lifecycleStage', operator: 'equals', value: 'customer', value2: '', values: [] },
  { id: 'c2', field: 'contact.tags', operator: 'hasAny', value: '', value2: '', values: ['vip'] },
])

function generatedContact(index: number): Contact {
  return {
    ...contactFields({
      email: `person${index}@example.com`,
      firstName: `Person${index}`,
      lifecycleStage: index % 3 === 0 ? 'customer' : 'lead',
      tags: index % 5 === 0 ? ['vip'] : [],
    }),
    ...(index % 7 === 0 ? { unsubscribed: true } : {}),
    ...(index % 11 === 0 ? { bounced: true } : {}),
    id: `c${index}`,
    createdAt: 0,
    updatedAt: 0,
    _clock: {},
  }
}

describe('countAudience', () => {
  it('counts 100,000 contacts correctly, leaving unsubscribed and bounced ones out of the count', () => {
    const contacts = Array.from({ length: 100_000 }, (_, index) => generatedContact(index))
    const matcher = segmentMatcher({ id: 's', kind: 'dynamic', rules: customersTagged }, context)
    // Matches: multiples of 15. Suppressed among them: also a multiple of 7 or of 11.
    let expectedCount = 0
    let expectedSuppressed = 0
    for (let index = 0; index < 100_000; index += 15) {
      if (index % 7 === 0 || index % 11 === 0) expectedSuppressed++
      else expectedCount++
    }
    expect(countAudience(contacts, matcher)).toEqual({ count: expectedCount, suppressed: expectedSuppressed })
    const evaluated = evaluateAudience(contacts, matcher)
    expect(evaluated.count).toBe(expectedCount)
    expect(evaluated.sample.map((contact) => contact.id)).toEqual([
      'c15', 'c30', 'c45', 'c60', 'c75', 'c90', 'c120', 'c135', 'c150', 'c180', 'c195', 'c225', 'c240', 'c255', 'c270', 'c285', 'c300', 'c345', 'c360', 'c375',
    ])
  })

  it('counts a static list by membership, whatever its rules say', () => {
    const contacts = [generatedContact(1), { ...generatedContact(2), lists: ['list1'] }, { ...generatedContact(4), lists: ['other', 'list1'] }]
    expect(countAudience(contacts, segmentMatcher({ id: 'list1', kind: 'static', rules: customersTagged }, context))).toEqual({ count: 2, suppressed: 0 })
  })
})

describe('useAudience', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData({ collections: ['contacts', 'companies', 'events', 'settings'] })
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  function wrapper({ children }: { children: ReactNode }) {
    return (
      <Provider store={makeStore()}>
        <DataContext.Provider value={data}>{children}</DataContext.Provider>
      </Provider>
    )
  }

  it('follows rule edits and contact changes', async () => {
    const [ada] = await insertSyncedDocs<Contact>(data.db.contacts, [
      contactFields({ firstName: 'Ada', email: 'ada@example.com', lifecycleStage: 'customer', tags: ['vip'] }),
      contactFields({ firstName: 'Bob', email: 'bob@example.com', lifecycleStage: 'customer' }),
      contactFields({ firstName: 'Cy', email: 'cy@example.com' }),
    ])
    await waitFor(() => expect(data.contacts.size).toBe(3))
    const stageOnly: AudienceSegment = { id: 's', kind: 'dynamic', rules: rules(customersTagged.groups[0]!.conditions.slice(0, 1)) }
    const { result, rerender } = renderHook((props: { segment: AudienceSegment | null }) => useAudience(props.segment), {
      wrapper,
      initialProps: { segment: stageOnly as AudienceSegment | null },
    })
    await waitFor(() => expect(result.current).toMatchObject({ count: 2, suppressed: 0, computing: false }))
    expect(result.current.sample.map((contact) => contact.firstName)).toEqual(['Ada', 'Bob'])

    rerender({ segment: { ...stageOnly, rules: customersTagged } })
    await waitFor(() => expect(result.current).toMatchObject({ count: 1, computing: false }))

    await act(() => patchSyncedDoc<Contact>(data.db.contacts, ada!.id, { lifecycleStage: 'lead' }))
    await waitFor(() => expect(result.current.count).toBe(0))

    rerender({ segment: null })
    expect(result.current).toMatchObject({ count: 0, suppressed: 0, sample: [] })
  })
})
