import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aContact } from '../testing/contactFixture'
import { DUPLICATE_MODES, type DuplicateMode } from './importFields'
import type { ImportDraft } from './mapImportRow'
import { companyKey, contactInputFromDraft, ImportPlanner, importPatch, mergeDrafts, type PlannedBatch } from './planImport'

function idCounter(): () => string {
  let next = 0
  return () => `id${++next}`
}

function planner(mode: DuplicateMode, existing: Record<string, string> = {}, companies: Record<string, string> = {}): ImportPlanner {
  return new ImportPlanner({
    mode,
    existingContacts: new Map(Object.entries(existing)),
    existingCompanies: new Map(Object.entries(companies)),
    newId: idCounter(),
  })
}

const draft = (email: string, extra: Partial<ImportDraft> = {}): ImportDraft => ({ email, tags: [], customFields: {}, ...extra })

describe('ImportPlanner', () => {
  it('updates, skips or duplicates a contact whose email is already stored', () => {
    for (const [mode, expected] of [
      ['update', { creates: 0, updates: [{ id: 'c1', draft: draft('ada@example.com', { title: 'CTO' }) }], counts: { created: 0, updated: 1, skipped: 0 } }],
      ['fill', { creates: 0, updates: [{ id: 'c1', draft: draft('ada@example.com', { title: 'CTO' }) }], counts: { created: 0, updated: 1, skipped: 0 } }],
      ['skip', { creates: 0, updates: [], counts: { created: 0, updated: 0, skipped: 1 } }],
      ['create', { creates: 1, updates: [], counts: { created: 1, updated: 0, skipped: 0 } }],
    ] as const) {
      const plan = planner(mode, { 'ada@example.com': 'c1' })
      plan.add(draft('ada@example.com', { title: 'CTO' }))
      const batch = plan.takeBatch()
      expect({ creates: batch.creates.length, updates: batch.updates, counts: batch.counts }, mode).toEqual(expected)
    }
  })

  it('folds a repeated email into the contact created earlier in the same batch', () => {
    const plan = planner('update')
    plan.add(draft('ada@example.com', { firstName: 'Ada', tags: ['a'] }))
    plan.add(draft('ada@example.com', { lastName: 'Lovelace', tags: ['b'] }))
    const batch = plan.takeBatch()
    expect(batch.creates).toEqual([{ id: 'id1', companyId: '', draft: draft('ada@example.com', { firstName: 'Ada', lastName: 'Lovelace', tags: ['a', 'b'] }) }])
    expect(batch.updates).toEqual([])
    expect(batch.counts).toEqual({ created: 1, updated: 1, skipped: 0 })
  })

  it('updates a contact created by an earlier batch', () => {
    const plan = planner('update')
    plan.add(draft('ada@example.com'))
    plan.takeBatch()
    plan.add(draft('ada@example.com', { title: 'CTO' }))
    expect(plan.takeBatch().updates).toEqual([{ id: 'id1', draft: draft('ada@example.com', { title: 'CTO' }) }])
  })

  it('links companies by name whatever the case and creates each new one once', () => {
    const plan = planner('create', {}, { [companyKey('Acme Inc')]: 'acme' })
    plan.add(draft('a@x.co', { companyName: 'ACME  inc' }))
    plan.add(draft('b@x.co', { companyName: 'Globex' }))
    const first = plan.takeBatch()
    plan.add(draft('c@x.co', { companyName: 'globex ' }))
    const second = plan.takeBatch()
    expect(first.companies).toEqual([{ id: 'id2', name: 'Globex' }])
    expect(first.creates.map((create) => create.companyId)).toEqual(['acme', 'id2'])
    expect(second.companies).toEqual([])
    expect(second.creates.map((create) => create.companyId)).toEqual(['id2'])
  })

  const row = fc.record({
    email: fc.constantFrom('a@x.co', 'b@x.co', 'c@x.co', 'd@x.co', 'e@x.co'),
    company: fc.option(fc.constantFrom('Acme', 'acme', 'Globex', 'Initech', 'INITECH '), { nil: undefined }),
    endsBatch: fc.boolean(),
  })

  it('accounts for every row, creates each contact and company once and never updates a contact in the batch that creates it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DUPLICATE_MODES), fc.array(row, { maxLength: 40 }), (mode, rows) => {
        const existing = { 'a@x.co': 'old-a', 'b@x.co': 'old-b' }
        const plan = planner(mode, existing, { acme: 'old-acme' })
        const batches: PlannedBatch[] = []
        for (const { email, company, endsBatch } of rows) {
          plan.add(draft(email, company === undefined ? {} : { companyName: company }))
          if (endsBatch) batches.push(plan.takeBatch())
        }
        batches.push(plan.takeBatch())

        const counts = batches.reduce((sum, batch) => sum + batch.counts.created + batch.counts.updated + batch.counts.skipped, 0)
        expect(counts).toBe(rows.length)

        const createdIds = batches.flatMap((batch) => batch.creates.map((create) => create.id))
        expect(new Set(createdIds).size).toBe(createdIds.length)
        const createdEmails = batches.flatMap((batch) => batch.creates.map((create) => create.draft.email))
        const newEmails = new Set(rows.map((r) => r.email).filter((email) => !(email in existing)))
        if (mode === 'create') expect(createdEmails).toHaveLength(rows.length)
        else expect(new Set(createdEmails)).toEqual(newEmails)
        if (mode !== 'create') expect(createdEmails).toHaveLength(newEmails.size)

        const seenBefore = new Set<string>(Object.values(existing))
        for (const batch of batches) {
          const createdHere = new Set(batch.creates.map((create) => create.id))
          for (const update of batch.updates) {
            expect(createdHere.has(update.id)).toBe(false)
            expect(seenBefore.has(update.id)).toBe(true)
          }
          for (const id of createdHere) seenBefore.add(id)
          expect(new Set(batch.updates.map((update) => update.id)).size).toBe(batch.updates.length)
        }
        if (mode === 'skip') expect(batches.every((batch) => batch.updates.length === 0)).toBe(true)

        const newCompanyKeys = batches.flatMap((batch) => batch.companies.map((company) => companyKey(company.name)))
        const expectedCompanyKeys = new Set(rows.flatMap((r) => (r.company === undefined ? [] : [companyKey(r.company)])).filter((key) => key !== 'acme'))
        // Skipped rows never reach company linking.
        if (mode !== 'skip') expect(new Set(newCompanyKeys)).toEqual(expectedCompanyKeys)
        expect(new Set(newCompanyKeys).size).toBe(newCompanyKeys.length)
      }),
    )
  })
})

describe('mergeDrafts', () => {
  const first = draft('a@x.co', { firstName: 'Ada', title: 'Analyst', tags: ['x'], customFields: { plan: 'Free' } })
  const next = draft('a@x.co', { title: 'CTO', phone: '123', tags: ['y', 'x'], customFields: { plan: 'Pro', seats: 3 } })

  it('lets the later row win in update mode and keeps the earlier row in fill mode; tags add up', () => {
    expect(mergeDrafts(first, next, 'update')).toEqual(
      draft('a@x.co', { firstName: 'Ada', title: 'CTO', phone: '123', tags: ['x', 'y'], customFields: { plan: 'Pro', seats: 3 } }),
    )
    expect(mergeDrafts(first, next, 'fill')).toEqual(
      draft('a@x.co', { firstName: 'Ada', title: 'Analyst', phone: '123', tags: ['x', 'y'], customFields: { plan: 'Free', seats: 3 } }),
    )
  })

  it('is the same as applying the two rows one after the other', () => {
    const drafts = fc.record({
      firstName: fc.option(fc.constantFrom('A', 'B'), { nil: undefined }),
      title: fc.option(fc.constantFrom('T1', 'T2'), { nil: undefined }),
      tags: fc.uniqueArray(fc.constantFrom('p', 'q', 'r')),
      customFields: fc.dictionary(fc.constantFrom('plan', 'seats'), fc.constantFrom('v1', 'v2')),
    })
    const stored = aContact({ firstName: '', title: 'Old', tags: ['p'], customFields: { plan: '' } })
    fc.assert(
      fc.property(fc.constantFrom('update' as const, 'fill' as const), drafts, drafts, (mode, a, b) => {
        const clean = (d: typeof a) => draft('ada@example.com', Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)))
        const stepwise = { ...stored, ...importPatch(stored, { draft: clean(a) }, mode) }
        const twice = { ...stepwise, ...importPatch(stepwise, { draft: clean(b) }, mode) }
        const once = { ...stored, ...importPatch(stored, { draft: mergeDrafts(clean(a), clean(b), mode) }, mode) }
        expect(once).toEqual(twice)
      }),
    )
  })
})

describe('importPatch and contactInputFromDraft', () => {
  const stored = aContact({ firstName: 'Ada', lastName: '', companyId: '', tags: ['vip'], lifecycleStage: 'customer', customFields: { plan: 'Free', seats: null } })
  const update = { draft: draft('ada@example.com', { firstName: 'Augusta', lastName: 'King', lifecycleStage: 'lead', tags: ['new', 'vip'], customFields: { plan: 'Pro', seats: 4 } }), companyId: 'co1' }

  it('overwrites in update mode and only fills blanks in fill mode', () => {
    expect(importPatch(stored, update, 'update')).toEqual({
      firstName: 'Augusta',
      lastName: 'King',
      companyId: 'co1',
      lifecycleStage: 'lead',
      tags: ['vip', 'new'],
      customFields: { plan: 'Pro', seats: 4 },
    })
    expect(importPatch(stored, update, 'fill')).toEqual({ lastName: 'King', companyId: 'co1', tags: ['vip', 'new'], customFields: { plan: 'Free', seats: 4 } })
  })

  it('keeps at most 50 tags, the contact’s own first', () => {
    const many = aContact({ tags: Array.from({ length: 49 }, (_, i) => `t${i}`) })
    const patch = importPatch(many, { draft: draft('ada@example.com', { tags: ['x', 'y'] }) }, 'update')
    expect(patch.tags).toHaveLength(50)
    expect(patch.tags?.at(-1)).toBe('x')
  })

  it('fills a new contact’s missing fields with blanks and the lead stage', () => {
    expect(contactInputFromDraft(draft('a@x.co', { lastName: 'Lovelace' }), 'co1')).toEqual({
      email: 'a@x.co',
      firstName: '',
      lastName: 'Lovelace',
      phone: '',
      title: '',
      companyId: 'co1',
      tags: [],
      lifecycleStage: 'lead',
      customFields: {},
    })
  })
})
