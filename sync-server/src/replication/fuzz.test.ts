import fc from 'fast-check'
import { contactDoc } from '../testing/docs'
import { createTestApp, signUp, type TestAccount, type TestApp } from '../testing/testApp'

// Property: whatever a client sends to pull or push, a bad request gets a 4xx JSON error (never a
// 5xx) and the stored data stays exactly as it was.

let t: TestApp
let account: TestAccount
const seeded = Array.from({ length: 5 }, (_, i) => contactDoc({ email: `seed${i}@example.com` }))

beforeAll(async () => {
  t = await createTestApp()
  account = await signUp(t.app)
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/replication/contacts/push',
    headers: account.headers,
    payload: seeded.map((doc) => ({ newDocumentState: doc })),
  })
  expect(response.json()).toEqual([])
})
afterAll(async () => {
  await t.close()
})

async function storedState(): Promise<string> {
  const response = await t.app.inject({ method: 'GET', url: '/api/replication/contacts/pull?limit=1000', headers: account.headers })
  return response.body
}

/** Ways to make one valid contact invalid, each certain to break the schema or the envelope. */
const breakDocument = fc.oneof(
  fc.constantFrom('email', 'firstName', 'tags', 'createdAt', '_clock', 'id').map((field) => (doc: Record<string, unknown>) => {
    const copy = { ...doc }
    delete copy[field]
    return copy
  }),
  fc.tuple(fc.constantFrom('email', 'firstName', 'lifecycleStage', 'tags', 'updatedAt', 'customFields'), fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { minLength: 1 })))
    // Every replacement has the wrong type, except a whole number that is a valid updatedAt.
    .filter(([field, value]) => !(field === 'updatedAt' && typeof value === 'number' && value >= 0 && value <= 1e15))
    .map(([field, value]) => (doc: Record<string, unknown>) => ({ ...doc, [field]: value })),
  fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !['id', 'email', 'firstName', 'lastName', 'phone', 'title', 'companyId', 'tags', 'lifecycleStage', 'customFields', 'createdAt', 'updatedAt', '_clock', '_deleted', '_rev', '_meta', '_attachments', '__proto__'].includes(key)).map(
    (key) => (doc: Record<string, unknown>) => ({ ...doc, [key]: 'unexpected' }),
  ),
  fc.string({ maxLength: 30 }).filter((stamp) => !/^\d{15}-\d{5}-[A-Za-z0-9_.:]{1,64}$/.test(stamp)).map(
    (stamp) => (doc: Record<string, unknown>) => ({ ...doc, _clock: { ...(doc._clock as object), firstName: stamp } }),
  ),
  fc.oneof(fc.string(), fc.integer(), fc.constant(null)).map((deleted) => (doc: Record<string, unknown>) => ({ ...doc, _deleted: deleted })),
)

const badPushBody = fc.oneof(
  // A batch of valid new documents with one broken row somewhere in it.
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), breakDocument).map(([before, after, breaker]) => [
    ...Array.from({ length: before }, () => ({ newDocumentState: contactDoc() })),
    { newDocumentState: breaker(contactDoc()) },
    ...Array.from({ length: after }, () => ({ newDocumentState: contactDoc() })),
  ]),
  // An edit of a stored document, broken.
  fc.tuple(fc.constantFrom(...seeded), breakDocument).map(([doc, breaker]) => [{ assumedMasterState: doc, newDocumentState: breaker({ ...doc, firstName: 'Changed' }) }]),
  // Anything at all that is not an empty array.
  fc.jsonValue({ maxDepth: 3 }).filter((value) => !(Array.isArray(value) && value.length === 0)),
)

describe('push and pull fuzz', () => {
  it('answers bad pushes with a 4xx JSON error and writes nothing', async () => {
    const before = await storedState()
    await fc.assert(
      fc.asyncProperty(badPushBody, async (body) => {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/replication/contacts/push',
          headers: { ...account.headers, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        })
        expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400)
        expect(response.statusCode, response.body).toBeLessThan(500)
        expect(typeof response.json().error).toBe('string')
      }),
      { numRuns: 300 },
    )
    expect(await storedState()).toBe(before)
  })

  it('answers any pull query with 200 or a 4xx JSON error, never changing data', async () => {
    const before = await storedState()
    const queryValue = fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)), fc.integer().map(String))
    await fc.assert(
      fc.asyncProperty(fc.option(queryValue), fc.option(queryValue), fc.constantFrom('contacts', 'companies', 'members', 'nope', '..%2F..', '__proto__'), async (checkpoint, limit, collection) => {
        const params = new URLSearchParams()
        if (checkpoint !== null) params.set('checkpoint', checkpoint)
        if (limit !== null) params.set('limit', limit)
        const response = await t.app.inject({ method: 'GET', url: `/api/replication/${collection}/pull?${params}`, headers: account.headers })
        expect([200, 400, 404]).toContain(response.statusCode)
        if (response.statusCode !== 200) expect(typeof response.json().error).toBe('string')
        else expect(Array.isArray(response.json().documents)).toBe(true)
      }),
      { numRuns: 300 },
    )
    expect(await storedState()).toBe(before)
  })
})
