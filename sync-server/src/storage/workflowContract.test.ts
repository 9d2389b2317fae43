import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { contactDoc, workflowDoc } from '../testing/docs'
import { storageBackends } from '../testing/storageBackends'
import { openStorage } from './index'
import { ForeignDocumentError } from './port'
import type { ChangeNotice, StoragePort, UserRecord } from './port'
import type { EnrolmentRecord, OutboxItem, StepCommit, StepRecord, WorkflowVersionRecord } from './workflowStore'

// The workflow store's contract (workflowStore.ts), run against SQLite (a temp file, opened twice)
// and PostgreSQL (embedded). Two storage instances on one database stand for two server instances.

const LEASE = 60_000

function anEnrolment(workspaceId: string, workflowId: string, contactId: string, overrides: Partial<EnrolmentRecord> = {}): EnrolmentRecord {
  return {
    id: newId(),
    workspaceId,
    workflowId,
    version: 1,
    contactId,
    status: 'active',
    stepId: 's1',
    visit: 0,
    dueAt: 1_000,
    waitUntil: null,
    triggerKey: 'created',
    enrolledAt: 1_000,
    updatedAt: 1_000,
    endedAt: null,
    exitReason: '',
    ...overrides,
  }
}

function aRecord(enrolment: EnrolmentRecord, overrides: Partial<StepRecord> = {}): StepRecord {
  return {
    workspaceId: enrolment.workspaceId,
    enrolmentId: enrolment.id,
    workflowId: enrolment.workflowId,
    version: enrolment.version,
    contactId: enrolment.contactId,
    visit: enrolment.visit,
    stepId: enrolment.stepId,
    stepType: 'add_tag',
    outcome: 'done',
    detail: 'tagged',
    at: 2_000,
    ...overrides,
  }
}

function anOutboxItem(enrolment: EnrolmentRecord, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: newId(),
    workspaceId: enrolment.workspaceId,
    enrolmentId: enrolment.id,
    kind: 'email',
    payloadJson: '{"template":"t1"}',
    status: 'queued',
    attempts: 0,
    nextAttemptAt: 2_000,
    lastError: '',
    createdAt: 2_000,
    ...overrides,
  }
}

/** The step `enrolment` is at, taken: it moves to `nextStepId` ('' = completed). */
function aStep(enrolment: EnrolmentRecord, claimId: string, nextStepId = 's2', overrides: Partial<StepCommit> = {}): StepCommit {
  const done = nextStepId === ''
  return {
    workspaceId: enrolment.workspaceId,
    enrolmentId: enrolment.id,
    claimId,
    expectedVisit: enrolment.visit,
    record: aRecord(enrolment),
    next: {
      status: done ? 'completed' : 'active',
      stepId: nextStepId,
      visit: enrolment.visit + 1,
      dueAt: 2_000,
      waitUntil: null,
      exitReason: '',
      endedAt: done ? 2_000 : null,
      updatedAt: 2_000,
    },
    outbox: [],
    documents: [],
    ...overrides,
  }
}

function aVersion(workspaceId: string, workflowId: string, version = 1): WorkflowVersionRecord {
  return { workspaceId, workflowId, version, kind: 'workflow', graphJson: `{"v":${version}}`, settingsJson: '{"reenrol":"never"}', createdAt: 500 }
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

describe.each(storageBackends('workflows'))('workflow store contract on $kind', (backend) => {
  let storage: StoragePort
  /** A second instance on the same database (another server process). */
  let other: StoragePort

  async function givenWorkspace(): Promise<string> {
    const id = newId()
    const user: UserRecord = { id: newId(), email: `${id.toLowerCase()}@example.test`, name: 'Owner', passwordHash: 'x', createdAt: 1 }
    await storage.createUser(user)
    await storage.createWorkspace(
      { id, name: 'Acme', createdAt: 1 },
      { workspaceId: id, userId: user.id, role: 'owner', joinedAt: 1 },
      { id: user.id, email: user.email, name: user.name, role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {}, _deleted: false },
    )
    return id
  }

  /** A workspace with one workflow and `count` contacts enrolled at step s1, due at 1,000. */
  async function givenEnrolled(count: number): Promise<{ workspaceId: string; workflowId: string; enrolments: EnrolmentRecord[] }> {
    const workspaceId = await givenWorkspace()
    const workflowId = newId()
    const enrolments = Array.from({ length: count }, () => anEnrolment(workspaceId, workflowId, newId()))
    expect(await storage.workflows.enrol(enrolments, 'never')).toHaveLength(count)
    return { workspaceId, workflowId, enrolments }
  }

  const claim = (workflowIds: string[], claimId = newId(), now = 1_000, limit = 100, instance: StoragePort = storage) =>
    instance.workflows.claimDue({ claimId, now, limit, leaseMs: LEASE, workflowIds })

  beforeAll(async () => {
    await backend.setUp()
    const url = await backend.freshDatabaseUrl()
    storage = await openStorage(url)
    other = await openStorage(url)
  })

  afterAll(async () => {
    await other?.close()
    await storage?.close()
    await backend.tearDown()
  })

  describe('versions and runnable workflows', () => {
    it('stores a version once and keeps it per workspace', async () => {
      const workspaceId = await givenWorkspace()
      const workflowId = newId()
      expect(await storage.workflows.saveVersion(aVersion(workspaceId, workflowId))).toBe(true)
      expect(await storage.workflows.saveVersion({ ...aVersion(workspaceId, workflowId), graphJson: '{"changed":true}' })).toBe(false)
      expect(await storage.workflows.getVersion(workspaceId, workflowId, 1)).toEqual(aVersion(workspaceId, workflowId))
      expect(await storage.workflows.getVersion(workspaceId, workflowId, 2)).toBeNull()
      expect(await storage.workflows.getVersion(await givenWorkspace(), workflowId, 1)).toBeNull()
    })

    it('lists active and paused workflows of live workspaces only', async () => {
      const workspaceId = await givenWorkspace()
      const docs = (['draft', 'active', 'paused', 'archived'] as const).map((status) => workflowDoc({ status }))
      const deleted = { ...workflowDoc({ status: 'active' }), _deleted: true }
      const all = [...docs, deleted]
      await storage.pushDocuments(workspaceId, 'workflows', all.map((doc) => doc.id), () => all.map((doc) => ({ id: doc.id, doc })))
      const gone = await givenWorkspace()
      const elsewhere = workflowDoc({ status: 'active' })
      await storage.pushDocuments(gone, 'workflows', [elsewhere.id], () => [{ id: elsewhere.id, doc: elsewhere }])
      await storage.deleteWorkspace(gone, 5)

      const listed = (await storage.workflows.listRunnableWorkflows()).filter((entry) => entry.workspaceId === workspaceId || entry.workspaceId === gone)
      expect(listed.map((entry) => entry.doc.status).sort()).toEqual(['active', 'paused'])
      expect(listed.every((entry) => entry.workspaceId === workspaceId)).toBe(true)
      expect(listed.find((entry) => entry.doc.status === 'active')?.doc).toEqual(docs[1])
    })
  })

  describe('enrolment', () => {
    it('enrols once per trigger key and keeps one active enrolment per contact', async () => {
      const workspaceId = await givenWorkspace()
      const workflowId = newId()
      const contactId = newId()
      const first = anEnrolment(workspaceId, workflowId, contactId, { triggerKey: 'k1' })
      expect(await storage.workflows.enrol([first], 'after_exit')).toEqual([first])
      // Same key again, and a new key while the first is still active: both skipped.
      const sameKey = anEnrolment(workspaceId, workflowId, contactId, { triggerKey: 'k1' })
      const whileActive = anEnrolment(workspaceId, workflowId, contactId, { triggerKey: 'k2' })
      expect(await storage.workflows.enrol([sameKey, whileActive], 'after_exit')).toEqual([])
      // Within one batch too: only the first of a contact's rows goes in.
      const someoneElse = newId()
      const batch = [anEnrolment(workspaceId, workflowId, someoneElse, { triggerKey: 'a' }), anEnrolment(workspaceId, workflowId, someoneElse, { triggerKey: 'b' })]
      expect(await storage.workflows.enrol(batch, 'after_exit')).toEqual([batch[0]])
      expect(await storage.workflows.getEnrolments(workspaceId, workflowId, contactId)).toEqual([first])
    })

    it("re-enrols after an exit with 'after_exit' (new key only) and never with 'never'", async () => {
      const workspaceId = await givenWorkspace()
      const workflowId = newId()
      const contactId = newId()
      const first = anEnrolment(workspaceId, workflowId, contactId, { triggerKey: 'k1' })
      await storage.workflows.enrol([first], 'never')
      expect(await storage.workflows.exitEnrolments(workspaceId, workflowId, [contactId], 'removed', 3_000)).toBe(1)

      expect(await storage.workflows.enrol([anEnrolment(workspaceId, workflowId, contactId, { triggerKey: 'k2' })], 'never')).toEqual([])
      expect(await storage.workflows.enrol([anEnrolment(workspaceId, workflowId, contactId, { triggerKey: 'k1' })], 'after_exit')).toEqual([])
      const again = anEnrolment(workspaceId, workflowId, contactId, { triggerKey: 'k2', enrolledAt: 4_000 })
      expect(await storage.workflows.enrol([again], 'after_exit')).toEqual([again])

      const enrolments = await storage.workflows.getEnrolments(workspaceId, workflowId, contactId)
      expect(enrolments.map((enrolment) => [enrolment.triggerKey, enrolment.status, enrolment.exitReason])).toEqual([
        ['k1', 'exited', 'removed'],
        ['k2', 'active', ''],
      ])
      expect(enrolments[0]).toMatchObject({ endedAt: 3_000, stepId: '' })
    })

    it('keeps the same contact id apart in two workspaces and workflows', async () => {
      const contactId = newId()
      const [a, b] = [await givenWorkspace(), await givenWorkspace()]
      const workflowId = newId()
      const rows = [anEnrolment(a, workflowId, contactId), anEnrolment(b, workflowId, contactId), anEnrolment(a, newId(), contactId)]
      expect(await storage.workflows.enrol(rows, 'never')).toEqual(rows)
      expect(await storage.workflows.getEnrolments(b, workflowId, contactId)).toEqual([rows[1]])
    })

    it('refuses an enrolment that is not active, writing nothing', async () => {
      const workspaceId = await givenWorkspace()
      const workflowId = newId()
      const good = anEnrolment(workspaceId, workflowId, newId())
      const bad = anEnrolment(workspaceId, workflowId, newId(), { status: 'completed' })
      await expect(storage.workflows.enrol([good, bad], 'never')).rejects.toThrow(/must be active/)
      expect(await storage.workflows.getEnrolments(workspaceId, workflowId, good.contactId)).toEqual([])
    })

    it('enrols thousands in one call (chunked) and returns exactly those inserted', async () => {
      const { workspaceId, workflowId, enrolments } = await givenEnrolled(6_000)
      const more = [...enrolments.slice(0, 10).map((e) => ({ ...e, id: newId(), triggerKey: 'other' })), anEnrolment(workspaceId, workflowId, newId())]
      expect(await storage.workflows.enrol(more, 'after_exit')).toEqual([more[10]])
      const counts = await storage.workflows.countByStep(workspaceId, workflowId)
      expect(counts).toEqual([{ version: 1, stepId: 's1', status: 'active', count: 6_001 }])
    })
  })

  describe('claims', () => {
    it('claims due enrolments of the given workflows only', async () => {
      const { workspaceId, workflowId, enrolments } = await givenEnrolled(3)
      const later = anEnrolment(workspaceId, workflowId, newId(), { dueAt: 5_000 })
      const otherWorkflow = anEnrolment(workspaceId, newId(), newId())
      await storage.workflows.enrol([later, otherWorkflow], 'never')
      expect(await storage.workflows.nextDueAt([workflowId])).toBe(1_000)
      expect(await storage.workflows.nextDueAt([newId()])).toBeNull()

      const claimed = await claim([workflowId])
      expect(claimed.sort(byId)).toEqual([...enrolments].sort(byId))
      // Held: nothing more until the lease ends.
      expect(await claim([workflowId])).toEqual([])
      expect((await claim([workflowId], newId(), 5_000)).map((e) => e.id)).toEqual([later.id])
    })

    it('never hands one enrolment to two claimers on two instances', async () => {
      const { workflowId, enrolments } = await givenEnrolled(600)
      const rounds = await Promise.all(
        Array.from({ length: 12 }, (_, index) => claim([workflowId], `claim-${index}`, 1_000, 40, index % 2 === 0 ? storage : other)),
      )
      const claimedIds = rounds.flat().map((enrolment) => enrolment.id)
      expect(new Set(claimedIds).size).toBe(claimedIds.length)
      expect(claimedIds.length).toBe(12 * 40)
      const rest = await claim([workflowId], 'rest', 1_000, 1_000)
      expect(new Set([...claimedIds, ...rest.map((e) => e.id)])).toEqual(new Set(enrolments.map((e) => e.id)))
    })

    it('lets another worker claim once the lease ran out; the stale holder can no longer commit', async () => {
      const { workflowId, enrolments } = await givenEnrolled(1)
      const [held] = await claim([workflowId], 'first')
      expect(held).toBeDefined()
      expect(await claim([workflowId], 'second', 1_000 + LEASE - 1)).toEqual([])
      const [taken] = await claim([workflowId], 'second', 1_000 + LEASE, 100, other)
      expect(taken?.id).toBe(enrolments[0]?.id)
      if (held === undefined || taken === undefined) throw new Error('unreachable')
      expect(await storage.workflows.commitStep(aStep(held, 'first'))).toBe(false)
      expect(await other.workflows.commitStep(aStep(taken, 'second'))).toBe(true)
    })

    it('releases a claim (all rows or some) so they can be claimed at once', async () => {
      const { workflowId } = await givenEnrolled(3)
      const claimed = await claim([workflowId], 'mine')
      expect(await storage.workflows.releaseClaim('someone-else')).toBe(0)
      expect(await storage.workflows.releaseClaim('mine', [claimed[0]?.id ?? ''])).toBe(1)
      expect((await claim([workflowId], 'next')).map((e) => e.id)).toEqual([claimed[0]?.id])
      expect(await storage.workflows.releaseClaim('mine')).toBe(2)
      expect(await claim([workflowId], 'third')).toHaveLength(2)
    })
  })

  describe('commitStep', () => {
    it('takes a step exactly once: a second commit of the same visit returns false and writes nothing', async () => {
      const { workspaceId, workflowId, enrolments } = await givenEnrolled(1)
      const [claimed] = await claim([workflowId], 'c1')
      if (claimed === undefined) throw new Error('nothing claimed')
      const step = aStep(claimed, 'c1', 's2', { outbox: [anOutboxItem(claimed)] })
      expect(await storage.workflows.commitStep(step)).toBe(true)
      expect(await storage.workflows.commitStep({ ...step, outbox: [anOutboxItem(claimed)] })).toBe(false)

      const [after] = await storage.workflows.getEnrolments(workspaceId, workflowId, claimed.contactId)
      expect(after).toMatchObject({ id: enrolments[0]?.id, status: 'active', stepId: 's2', visit: 1, dueAt: 2_000 })
      expect(await storage.workflows.listStepRecords(workspaceId, workflowId, claimed.contactId)).toEqual([step.record])
      expect(await storage.workflows.claimOutbox({ claimId: 'o', now: 2_000, limit: 10, leaseMs: LEASE })).toEqual([
        { ...step.outbox[0], status: 'sending', attempts: 1 },
      ])
      // The commit released the claim: the next step (due at 2,000) can be claimed right away.
      expect((await claim([workflowId], 'c2', 2_000)).map((e) => e.visit)).toEqual([1])
    })

    it('lets exactly one of two racing commits of one visit through', async () => {
      const { workspaceId, workflowId } = await givenEnrolled(20)
      const claimed = await claim([workflowId], 'race')
      const results = await Promise.all(
        claimed.flatMap((enrolment) => [storage.workflows.commitStep(aStep(enrolment, 'race')), other.workflows.commitStep(aStep(enrolment, 'race'))]),
      )
      expect(results.filter(Boolean)).toHaveLength(20)
      const passed = await storage.workflows.countPassed(workspaceId, workflowId)
      expect(passed).toEqual(new Map([['s1', 20]]))
    })

    it('only waits longer without a record; the enrolment keeps its visit', async () => {
      const { workspaceId, workflowId } = await givenEnrolled(1)
      const [claimed] = await claim([workflowId], 'w')
      if (claimed === undefined) throw new Error('nothing claimed')
      const waiting = aStep(claimed, 'w', 's1', { record: null })
      waiting.next = { ...waiting.next, visit: 0, dueAt: 9_000, waitUntil: 9_000 }
      expect(await storage.workflows.commitStep(waiting)).toBe(true)
      expect(await storage.workflows.listStepRecords(workspaceId, workflowId, claimed.contactId)).toEqual([])
      expect(await storage.workflows.nextDueAt([workflowId])).toBe(9_000)
      expect(await claim([workflowId], 'early', 8_999)).toEqual([])
      expect(await claim([workflowId], 'due', 9_000)).toMatchObject([{ visit: 0, waitUntil: 9_000 }])
    })

    it('refuses an inconsistent commit with a clear error and writes nothing', async () => {
      const { workspaceId, workflowId } = await givenEnrolled(1)
      const [claimed] = await claim([workflowId], 'x')
      if (claimed === undefined) throw new Error('nothing claimed')
      const skipsVisit = aStep(claimed, 'x')
      skipsVisit.next = { ...skipsVisit.next, visit: 5 }
      await expect(storage.workflows.commitStep(skipsVisit)).rejects.toThrow(/visit must be 1/)
      const foreignOutbox = aStep(claimed, 'x', 's2', { outbox: [{ ...anOutboxItem(claimed), workspaceId: newId() }] })
      await expect(storage.workflows.commitStep(foreignOutbox)).rejects.toThrow(/another enrolment or workspace/)
      expect(await storage.workflows.getEnrolments(workspaceId, workflowId, claimed.contactId)).toMatchObject([{ visit: 0, stepId: 's1' }])
      expect(await storage.workflows.commitStep(aStep(claimed, 'x'))).toBe(true)
    })

    it('writes the step’s documents with new sequences, visible through pull and notified after commit', async () => {
      const { workspaceId, workflowId } = await givenEnrolled(1)
      const [claimed] = await claim([workflowId], 'd')
      if (claimed === undefined) throw new Error('nothing claimed')
      const contact = contactDoc({ email: 'ada@example.com' })
      await storage.pushDocuments(workspaceId, 'contacts', [contact.id], () => [{ id: contact.id, doc: contact }])
      const before = await storage.currentSeq(workspaceId)
      const notices: ChangeNotice[] = []
      const stop = storage.onChange((notice) => {
        if (notice.workspaceId === workspaceId) notices.push(notice)
      })
      const seen: Array<Record<string, unknown> | undefined> = []
      const step = aStep(claimed, 'd', '', {
        documents: [
          {
            collection: 'contacts',
            ids: [contact.id],
            decide: ({ masters }) => {
              seen.push(masters.get(contact.id))
              return [{ id: contact.id, doc: { ...contact, tags: ['welcomed'] } }]
            },
          },
        ],
      })
      expect(await storage.workflows.commitStep(step)).toBe(true)
      expect(seen).toEqual([contact])
      expect(await storage.currentSeq(workspaceId)).toBe(before + 1)
      const page = await storage.pull(workspaceId, 'contacts', { seq: before, id: '' }, 10)
      expect(page.documents.map((document) => [document.id, document.seq, JSON.parse(document.json).tags])).toEqual([[contact.id, before + 1, ['welcomed']]])
      await expect.poll(() => notices).toContainEqual({ workspaceId, collection: 'contacts', seq: before + 1 })
      stop()
      expect(await storage.workflows.getEnrolments(workspaceId, workflowId, claimed.contactId)).toMatchObject([{ status: 'completed', stepId: '', endedAt: 2_000 }])
    })

    it('loses no concurrent change to a document: steps and pushes each see the latest master', async () => {
      const workspaceId = await givenWorkspace()
      const contact = contactDoc({ email: 'grace@example.com', tags: [] })
      await storage.pushDocuments(workspaceId, 'contacts', [contact.id], () => [{ id: contact.id, doc: contact }])
      const enrolments = Array.from({ length: 8 }, () => anEnrolment(workspaceId, newId(), contact.id))
      await storage.workflows.enrol(enrolments, 'never')
      const claimed = await claim(enrolments.map((enrolment) => enrolment.workflowId), 'tags')
      expect(claimed).toHaveLength(8)
      const addTag = (tag: string) => (masters: ReadonlyMap<string, Record<string, unknown>>) => {
        const master = masters.get(contact.id) ?? contact
        return [{ id: contact.id, doc: { ...master, tags: [...(master.tags as string[]), tag] } }]
      }
      const before = await storage.currentSeq(workspaceId)
      await Promise.all(
        claimed.flatMap((enrolment, index) => {
          const instance = index % 2 === 0 ? storage : other
          const documents = [{ collection: 'contacts', ids: [contact.id], decide: ({ masters }: { masters: ReadonlyMap<string, Record<string, unknown>> }) => addTag(`step-${index}`)(masters) }]
          return [
            instance.workflows.commitStep(aStep(enrolment, 'tags', '', { documents })),
            instance.pushDocuments(workspaceId, 'contacts', [contact.id], ({ masters }) => addTag(`push-${index}`)(masters)),
          ]
        }),
      )
      const [stored] = (await storage.pull(workspaceId, 'contacts', { seq: before, id: '' }, 10)).documents
      const tags = (JSON.parse(stored?.json ?? '{}') as { tags: string[] }).tags
      expect([...tags].sort()).toEqual(Array.from({ length: 8 }, (_, index) => [`push-${index}`, `step-${index}`]).flat().sort())
      expect(await storage.currentSeq(workspaceId)).toBe(before + 16)
    })

    it('writes nothing at all when a document belongs to another workspace', async () => {
      const { workspaceId, workflowId } = await givenEnrolled(1)
      const [claimed] = await claim([workflowId], 'f')
      if (claimed === undefined) throw new Error('nothing claimed')
      const stranger = await givenWorkspace()
      const theirs = contactDoc()
      await storage.pushDocuments(stranger, 'contacts', [theirs.id], () => [{ id: theirs.id, doc: theirs }])
      const before = await storage.currentSeq(workspaceId)
      const step = aStep(claimed, 'f', 's2', {
        outbox: [anOutboxItem(claimed)],
        documents: [{ collection: 'contacts', ids: [theirs.id], decide: () => [{ id: theirs.id, doc: { ...theirs, tags: ['stolen'] } }] }],
      })
      await expect(storage.workflows.commitStep(step)).rejects.toBeInstanceOf(ForeignDocumentError)
      expect(await storage.currentSeq(workspaceId)).toBe(before)
      expect(await storage.workflows.getEnrolments(workspaceId, workflowId, claimed.contactId)).toMatchObject([{ visit: 0, stepId: 's1' }])
      expect(await storage.workflows.listStepRecords(workspaceId, workflowId, claimed.contactId)).toEqual([])
      const page = await storage.pull(stranger, 'contacts', null, 10)
      expect(page.documents.map((document) => JSON.parse(document.json).tags)).toEqual([[]])
    })

    it('commits steps taken at the same moment independently: one refused step does not take the others down', async () => {
      const { workspaceId, workflowId } = await givenEnrolled(3)
      const [good, bad, alsoGood] = (await claim([workflowId], 'g')).sort(byId)
      if (good === undefined || bad === undefined || alsoGood === undefined) throw new Error('nothing claimed')
      const stranger = await givenWorkspace()
      const theirs = contactDoc()
      await storage.pushDocuments(stranger, 'contacts', [theirs.id], () => [{ id: theirs.id, doc: theirs }])
      const foreign = { collection: 'contacts', ids: [theirs.id], decide: () => [{ id: theirs.id, doc: { ...theirs, tags: ['stolen'] } }] }
      const results = await Promise.allSettled([
        storage.workflows.commitStep(aStep(good, 'g')),
        storage.workflows.commitStep(aStep(bad, 'g', 's2', { documents: [foreign], outbox: [anOutboxItem(bad)] })),
        storage.workflows.commitStep(aStep(alsoGood, 'g')),
      ])
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect(results[1]?.status === 'rejected' && results[1].reason).toBeInstanceOf(ForeignDocumentError)
      expect(await storage.workflows.countPassed(workspaceId, workflowId)).toEqual(new Map([['s1', 2]]))
      expect(await storage.workflows.getEnrolments(workspaceId, workflowId, bad.contactId)).toMatchObject([{ visit: 0, stepId: 's1' }])
      expect(await storage.workflows.commitStep(aStep(bad, 'g'))).toBe(true)
    })

    it('cannot commit for another workspace or after the enrolment was exited', async () => {
      const { workspaceId, workflowId } = await givenEnrolled(2)
      const [first, second] = await claim([workflowId], 'e')
      if (first === undefined || second === undefined) throw new Error('nothing claimed')
      const stranger = await givenWorkspace()
      const wrongWorkspace = aStep(first, 'e', 's2', { workspaceId: stranger, record: aRecord(first, { workspaceId: stranger }) })
      expect(await storage.workflows.commitStep(wrongWorkspace)).toBe(false)
      expect(await storage.workflows.exitEnrolments(workspaceId, workflowId, [second.contactId], 'removed', 3_000)).toBe(1)
      expect(await storage.workflows.commitStep(aStep(second, 'e'))).toBe(false)
      expect(await storage.workflows.countPassed(workspaceId, workflowId)).toEqual(new Map())
    })
  })

  describe('reports', () => {
    it('counts contacts per step and status, steps passed, the path and recent emails', async () => {
      const { workspaceId, workflowId, enrolments } = await givenEnrolled(3)
      const claimed = (await claim([workflowId], 'r')).sort(byId)
      const [a, b, c] = claimed
      if (a === undefined || b === undefined || c === undefined) throw new Error('nothing claimed')
      const emailA = aStep(a, 'r', 's2', { record: aRecord(a, { stepType: 'send_email', detail: 'sent Welcome', at: 2_000 }) })
      await storage.workflows.commitStep(emailA)
      const emailB = aStep(b, 'r', 's2', { record: aRecord(b, { stepType: 'send_email', outcome: 'skipped', detail: 'suppressed', at: 2_000 }) })
      emailB.next = { ...emailB.next, dueAt: 50_000 }
      await storage.workflows.commitStep(emailB)
      await storage.workflows.commitStep(aStep(c, 'r', ''))
      // a takes a second email later.
      const [aAgain] = await claim([workflowId], 'r2', 2_000)
      if (aAgain === undefined) throw new Error('nothing claimed')
      expect(aAgain.id).toBe(a.id)
      const secondRecord = aRecord(aAgain, { stepType: 'send_email', stepId: aAgain.stepId, at: 3_000 })
      const moved = await storage.workflows.commitStep(aStep(aAgain, 'r2', 's3', { record: secondRecord }))
      expect(moved).toBe(true)

      expect(await storage.workflows.countByStep(workspaceId, workflowId)).toEqual(
        expect.arrayContaining([
          { version: 1, stepId: '', status: 'completed', count: 1 },
          { version: 1, stepId: 's2', status: 'active', count: 1 },
          { version: 1, stepId: 's3', status: 'active', count: 1 },
        ]),
      )
      expect(await storage.workflows.countPassed(workspaceId, workflowId)).toEqual(new Map([['s1', 3], ['s2', 1]]))
      const path = await storage.workflows.listStepRecords(workspaceId, workflowId, aAgain.contactId)
      expect(path.map((record) => [record.visit, record.stepId, record.at])).toEqual([
        [0, 's1', 2_000],
        [1, 's2', 3_000],
      ])
      const emailed = aAgain.contactId
      expect(await storage.workflows.countEmailsSince(workspaceId, emailed, 0)).toBe(2)
      expect(await storage.workflows.countEmailsSince(workspaceId, emailed, 2_500)).toBe(1)
      // The suppressed (skipped) email is not a sent one.
      expect(await storage.workflows.countEmailsSince(workspaceId, b.contactId, 0)).toBe(0)
      // Another workspace sees none of it.
      const stranger = await givenWorkspace()
      expect(await storage.workflows.countByStep(stranger, workflowId)).toEqual([])
      expect(await storage.workflows.countPassed(stranger, workflowId)).toEqual(new Map())
      expect(await storage.workflows.listStepRecords(stranger, workflowId, emailed)).toEqual([])
      expect(await storage.workflows.countEmailsSince(stranger, emailed, 0)).toBe(0)
      expect(enrolments).toHaveLength(3)
    })
  })

  describe('outbox', () => {
    // Outbox claims span every workspace: these tests get a database of their own, so items
    // queued by the other tests cannot show up in their claims.
    let shared: [StoragePort, StoragePort]
    beforeAll(async () => {
      shared = [storage, other]
      const url = await backend.freshDatabaseUrl()
      storage = await openStorage(url)
      other = await openStorage(url)
    })
    afterAll(async () => {
      await other.close()
      await storage.close()
      ;[storage, other] = shared
    })

    async function givenOutbox(count: number) {
      const { workspaceId, workflowId } = await givenEnrolled(1)
      const [claimed] = await claim([workflowId], 'ob')
      if (claimed === undefined) throw new Error('nothing claimed')
      const items = Array.from({ length: count }, () => anOutboxItem(claimed, { nextAttemptAt: 10_000 }))
      expect(await storage.workflows.commitStep(aStep(claimed, 'ob', 's2', { outbox: items }))).toBe(true)
      return { workspaceId, items }
    }
    const claimOutbox = (claimId: string, now: number, limit = 100, instance: StoragePort = storage) =>
      instance.workflows.claimOutbox({ claimId, now, limit, leaseMs: LEASE })

    it('claims due items once, records sent, retries later and fails for good', async () => {
      const { items } = await givenOutbox(3)
      expect((await claimOutbox('early', 9_999)).filter((item) => items.some((i) => i.id === item.id))).toEqual([])
      const claimed = (await claimOutbox('o1', 10_000)).filter((item) => items.some((i) => i.id === item.id)).sort(byId)
      expect(claimed.map((item) => [item.status, item.attempts])).toEqual([
        ['sending', 1],
        ['sending', 1],
        ['sending', 1],
      ])
      const [sent, retried, failed] = claimed
      if (sent === undefined || retried === undefined || failed === undefined) throw new Error('unreachable')
      await storage.workflows.recordOutboxOutcomes([
        { id: sent.id, claimId: 'o1', kind: 'sent', at: 10_001 },
        { id: retried.id, claimId: 'o1', kind: 'retry', error: 'timeout', nextAttemptAt: 20_000, at: 10_001 },
        { id: failed.id, claimId: 'o1', kind: 'failed', error: '550 no such user', at: 10_001 },
      ])
      expect(await claimOutbox('o2', 19_999)).toEqual([])
      expect(await claimOutbox('o3', 20_000)).toEqual([{ ...retried, attempts: 2, nextAttemptAt: 20_000, lastError: 'timeout' }])
      // Far in the future: sent and failed items never come back, and o3's lease has not ended.
      expect(await claimOutbox('o4', 20_000 + LEASE - 1)).toEqual([])
    })

    it('re-claims an item whose lease ran out; the stale claim cannot retry or fail it', async () => {
      const { items } = await givenOutbox(1)
      const [item] = items
      if (item === undefined) throw new Error('unreachable')
      // Items left by the test before may come due too: look at this one only.
      const claimIt = async (claimId: string, now: number, instance: StoragePort = storage) =>
        (await claimOutbox(claimId, now, 100, instance)).filter((claimed) => claimed.id === item.id)
      expect(await claimIt('first', 10_000)).toHaveLength(1)
      expect(await claimIt('second', 10_000 + LEASE, other)).toMatchObject([{ id: item.id, attempts: 2 }])
      await storage.workflows.recordOutboxOutcomes([{ id: item.id, claimId: 'first', kind: 'failed', error: 'late', at: 1 }])
      await storage.workflows.recordOutboxOutcomes([{ id: item.id, claimId: 'first', kind: 'retry', error: 'late', nextAttemptAt: 0, at: 1 }])
      expect(await claimIt('third', 10_000 + LEASE + 1)).toEqual([])
      await other.workflows.recordOutboxOutcomes([{ id: item.id, claimId: 'second', kind: 'sent', at: 2 }])
      expect(await claimIt('fourth', 10_000 + 3 * LEASE)).toEqual([])
    })

    it('never hands one item to two claimers', async () => {
      await givenOutbox(200)
      const rounds = await Promise.all(Array.from({ length: 8 }, (_, index) => claimOutbox(`c${index}`, 10_000, 30, index % 2 === 0 ? storage : other)))
      const ids = rounds.flat().map((item) => item.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.length).toBe(200)
    })
  })

  describe('markers and contact facts', () => {
    it('stores markers and facts per workspace', async () => {
      const [a, b] = [await givenWorkspace(), await givenWorkspace()]
      expect(await storage.workflows.getMarker(a, 'contacts.seq')).toBeNull()
      await storage.workflows.setMarker(a, 'contacts.seq', 41)
      await storage.workflows.setMarker(a, 'contacts.seq', 42)
      expect(await storage.workflows.getMarker(a, 'contacts.seq')).toBe(42)
      expect(await storage.workflows.getMarker(b, 'contacts.seq')).toBeNull()

      await storage.workflows.putContactFacts(a, [
        { contactId: 'c1', factsJson: '{"tags":[]}' },
        { contactId: 'c2', factsJson: '{"tags":["x"]}' },
      ])
      await storage.workflows.putContactFacts(a, [{ contactId: 'c1', factsJson: '{"tags":["vip"]}' }])
      expect(await storage.workflows.getContactFacts(a, ['c1', 'c2', 'c3'])).toEqual(
        new Map([
          ['c1', '{"tags":["vip"]}'],
          ['c2', '{"tags":["x"]}'],
        ]),
      )
      expect(await storage.workflows.getContactFacts(b, ['c1'])).toEqual(new Map())
      expect(await storage.workflows.getContactFacts(a, [])).toEqual(new Map())
    })
  })

  describe('exits and workspace deletion', () => {
    it('exits all active enrolments of one workflow in one workspace only', async () => {
      const { workspaceId, workflowId, enrolments } = await givenEnrolled(3)
      const stranger = await givenWorkspace()
      const theirs = anEnrolment(stranger, workflowId, newId())
      await storage.workflows.enrol([theirs], 'never')
      expect(await storage.workflows.exitEnrolments(workspaceId, workflowId, 'all', 'archived', 5_000)).toBe(3)
      expect(await storage.workflows.exitEnrolments(workspaceId, workflowId, 'all', 'archived', 6_000)).toBe(0)
      expect(await storage.workflows.countByStep(workspaceId, workflowId)).toEqual([{ version: 1, stepId: '', status: 'exited', count: 3 }])
      expect(await storage.workflows.getEnrolments(stranger, workflowId, theirs.contactId)).toEqual([theirs])
      expect(await storage.workflows.getEnrolments(workspaceId, workflowId, enrolments[0]?.contactId ?? '')).toMatchObject([{ exitReason: 'archived', endedAt: 5_000 }])
    })

    it('a deleted workspace enrols, claims and commits nothing', async () => {
      const { workspaceId, workflowId } = await givenEnrolled(2)
      const [held] = await claim([workflowId], 'before', 1_000, 1)
      if (held === undefined) throw new Error('nothing claimed')
      await storage.workflows.commitStep(aStep(held, 'before', 's2', { outbox: [anOutboxItem(held)] }))
      const [again] = await claim([workflowId], 'held', 2_000, 1)
      if (again === undefined) throw new Error('nothing claimed')
      await storage.deleteWorkspace(workspaceId, 3_000)

      expect(await storage.workflows.enrol([anEnrolment(workspaceId, workflowId, newId())], 'after_exit')).toEqual([])
      expect(await claim([workflowId], 'after', 2_000 + LEASE)).toEqual([])
      expect(await storage.workflows.commitStep(aStep(again, 'held'))).toBe(false)
      const outbox = await storage.workflows.claimOutbox({ claimId: 'after', now: 1e15, limit: 1_000, leaseMs: LEASE })
      expect(outbox.filter((item) => item.workspaceId === workspaceId)).toEqual([])
    })
  })
})
