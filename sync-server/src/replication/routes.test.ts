import { contactDoc, editDoc } from '../testing/docs'
import { readEvents } from '../testing/sse'
import { createTestApp, signUp, type TestAccount, type TestApp } from '../testing/testApp'

let t: TestApp
let account: TestAccount

beforeEach(async () => {
  t = await createTestApp()
  account = await signUp(t.app)
})
afterEach(async () => {
  await t.close()
})

function push(rows: unknown, headers = account.headers, collection = 'contacts') {
  return t.app.inject({ method: 'POST', url: `/api/replication/${collection}/push`, headers, payload: rows as object })
}

function pull(query: string, headers = account.headers, collection = 'contacts') {
  return t.app.inject({ method: 'GET', url: `/api/replication/${collection}/pull?${query}`, headers })
}

describe('pull', () => {
  it('pages through every document exactly once, in sequence order', async () => {
    const docs = Array.from({ length: 25 }, (_, i) => contactDoc({ email: `c${i}@example.com` }))
    expect((await push(docs.map((doc) => ({ newDocumentState: doc })))).json()).toEqual([])
    const seen: string[] = []
    let checkpoint: unknown = null
    for (let page = 0; page < 10; page++) {
      const response = await pull(`limit=10&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`)
      expect(response.statusCode).toBe(200)
      const body = response.json() as { documents: Array<{ id: string }>; checkpoint: unknown }
      if (body.documents.length === 0) {
        expect(body.checkpoint).toEqual(checkpoint)
        break
      }
      seen.push(...body.documents.map((doc) => doc.id))
      checkpoint = body.checkpoint
    }
    expect(seen.sort()).toEqual(docs.map((doc) => doc.id).sort())
  })

  it('keeps tombstones', async () => {
    const doc = contactDoc()
    await push([{ newDocumentState: doc }])
    const deleted = editDoc(doc, { _deleted: true }, Date.now() + 1, 'deviceA')
    await push([{ assumedMasterState: doc, newDocumentState: deleted }])
    expect((await pull('limit=10')).json().documents).toMatchObject([{ id: doc.id, _deleted: true }])
  })

  it.each([
    ['checkpoint=not-json', 'invalid_checkpoint'],
    ['checkpoint=%7B%22seq%22%3A-1%2C%22id%22%3A%22%22%7D', 'invalid_checkpoint'],
    ['checkpoint=%5B1%2C2%5D', 'invalid_checkpoint'],
    ['limit=0', 'invalid_request'],
    ['limit=1001', 'invalid_request'],
    ['limit=ten', 'invalid_request'],
    ['extra=1', 'invalid_request'],
  ])('rejects %s with a JSON 400', async (query, error) => {
    const response = await pull(query)
    expect(response.statusCode).toBe(400)
    expect(response.json().error).toBe(error)
  })

  it('rejects an unknown collection', async () => {
    const response = await pull('', account.headers, 'secrets')
    expect(response.statusCode).toBe(400)
    expect(response.json().error).toBe('unknown_collection')
  })
})

describe('push', () => {
  it('merges two devices\' offline edits of one contact field by field', async () => {
    // Signed-in devices stamp who wrote it (the push guard would otherwise add it, and the assumed state would be stale).
    const base = contactDoc({ updatedBy: account.userId }, Date.now() - 10_000)
    await push([{ newDocumentState: base }])
    const fromA = editDoc(base, { firstName: 'Augusta' }, Date.now() - 5000, 'deviceA')
    const fromB = editDoc(base, { phone: '+44 20 7946 0000' }, Date.now() - 4000, 'deviceB')
    expect((await push([{ assumedMasterState: base, newDocumentState: fromA }])).json()).toEqual([])
    const conflicts = (await push([{ assumedMasterState: base, newDocumentState: fromB }])).json()
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]).toMatchObject({ firstName: 'Augusta', phone: '+44 20 7946 0000' })
    const stored = (await pull('limit=10')).json().documents
    expect(stored).toEqual(conflicts)
  })

  it('rejects the whole batch when one document is schema-invalid, writing nothing', async () => {
    const good = contactDoc()
    const bad = { ...contactDoc(), email: 42 }
    const response = await push([{ newDocumentState: good }, { newDocumentState: bad }])
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'invalid_document', details: { row: 1 } })
    expect((await pull('limit=10')).json().documents).toEqual([])
  })

  it.each([
    ['an object instead of an array', { newDocumentState: {} }],
    ['a row without newDocumentState', [{}]],
    ['a row with extra keys', [{ newDocumentState: {}, sneaky: 1 }]],
    ['more than 1,000 rows', Array.from({ length: 1001 }, () => ({ newDocumentState: {} }))],
  ])('rejects %s', async (_name, body) => {
    const response = await push(body)
    expect(response.statusCode).toBe(400)
  })

  it('rejects an oversize body with 413 and a JSON error', async () => {
    const huge = [{ newDocumentState: { ...contactDoc(), title: 'x'.repeat(11 * 1024 * 1024) } }]
    const response = await push(huge)
    expect(response.statusCode).toBe(413)
    expect(response.json().error).toBe('payload_too_large')
  })

  it('rejects malformed JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/replication/contacts/push',
      headers: { ...account.headers, 'content-type': 'application/json' },
      payload: '[{"newDocumentState": ',
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().error).toBe('invalid_request')
  })

  it.each([
    ['no token', {}],
    ['a malformed token', { authorization: 'Bearer nope' }],
    ['a forged token', { authorization: `Bearer opt_${'A'.repeat(43)}` }],
    ['a Basic header', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 to %s', async (_name, auth) => {
    const response = await push([{ newDocumentState: contactDoc() }], { ...auth, 'x-workspace-id': account.workspaceId } as Record<string, string>)
    expect(response.statusCode).toBe(401)
    expect(response.json().error).toBe('unauthenticated')
  })
})

describe('stream', () => {
  it('sends RESYNC first, then changes pushed after connecting, on both stream forms', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' })
    const controller = new AbortController()
    try {
      const single = await fetch(`${url}/api/replication/contacts/stream`, { headers: account.headers, signal: controller.signal })
      const multi = await fetch(`${url}/api/replication/stream?collections=contacts,companies`, { headers: account.headers, signal: controller.signal })
      expect(single.headers.get('content-type')).toContain('text/event-stream')
      const singleEvents = readEvents(single)
      const multiEvents = readEvents(multi)
      expect(await singleEvents.next()).toBe('RESYNC')
      expect(await multiEvents.next()).toBe('RESYNC')

      const doc = contactDoc({ email: 'live@example.com' })
      await push([{ newDocumentState: doc }])
      const event = JSON.parse(await singleEvents.next())
      expect(event.documents).toMatchObject([{ id: doc.id, email: 'live@example.com' }])
      expect(event.checkpoint).toEqual({ seq: expect.any(Number), id: doc.id })
      const multiEvent = JSON.parse(await multiEvents.next())
      expect(multiEvent.collection).toBe('contacts')
      expect(multiEvent.documents[0].id).toBe(doc.id)
    } finally {
      controller.abort()
    }
  })

  it('does not send one workspace\'s changes to another workspace\'s stream', async () => {
    const other = await signUp(t.app)
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' })
    const controller = new AbortController()
    try {
      const stream = readEvents(await fetch(`${url}/api/replication/contacts/stream`, { headers: other.headers, signal: controller.signal }))
      expect(await stream.next()).toBe('RESYNC')
      await push([{ newDocumentState: contactDoc({ email: 'private@example.com' }) }])
      const mine = contactDoc({ email: 'mine@example.com' })
      await push([{ newDocumentState: mine }], other.headers)
      const event = JSON.parse(await stream.next())
      expect(event.documents.map((d: { id: string }) => d.id)).toEqual([mine.id])
    } finally {
      controller.abort()
    }
  })
})
