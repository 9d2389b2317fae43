import { ReplicationStream, type StreamItem, type StreamStatus } from './replicationStream'
import type { FetchLike } from './syncHttp'
import { fakeNetwork } from '../../test/fakeNetwork'

const encoder = new TextEncoder()
const credentials = { serverUrl: 'http://127.0.0.1:3100/', token: 'tok', workspaceId: 'W1' }

/** An SSE response whose bytes arrive in chunks of `size` (splitting fields and characters anywhere). */
function sseResponse(text: string, options: { size?: number; keepOpen?: boolean; signal?: AbortSignal | null } = {}): Response {
  const bytes = encoder.encode(text)
  const size = options.size ?? bytes.length
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.slice(at, at + size))
      if (!options.keepOpen) controller.close()
      options.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')))
    },
  })
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
}


function collect(stream: ReplicationStream, names: string[]): Record<string, StreamItem[]> {
  const received: Record<string, StreamItem[]> = {}
  for (const name of names) {
    received[name] = []
    stream.events(name).subscribe((item) => received[name]!.push(item))
  }
  return received
}

const streams: ReplicationStream[] = []
function createStream(options: Partial<ConstructorParameters<typeof ReplicationStream>[0]> & { fetch: FetchLike }) {
  const statuses: StreamStatus['state'][] = []
  const stream = new ReplicationStream({
    credentials: () => credentials,
    collections: ['contacts', 'companies', 'members'],
    onStatus: (status) => statuses.push(status.state),
    network: fakeNetwork(),
    backoff: { baseMs: 1_000, maxMs: 30_000, random: () => 0 },
    ...options,
  })
  streams.push(stream)
  return { stream, statuses }
}

afterEach(() => {
  for (const stream of streams.splice(0)) stream.stop()
  vi.useRealTimers()
})

describe('ReplicationStream', () => {
  it('opens ONE connection with the auth headers and fans events out per collection, RESYNC to all', async () => {
    const contactsEvent = { collection: 'contacts', documents: [{ id: 'c1', firstName: 'Zoë', _deleted: false }], checkpoint: { seq: 3, id: 'c1' } }
    const membersEvent = { collection: 'members', documents: [{ id: 'u1', name: 'Ada', _deleted: false }], checkpoint: { seq: 4, id: 'u1' } }
    const wire =
      ': hello\n\ndata: RESYNC\n\n' +
      `data: ${JSON.stringify(contactsEvent)}\n\n` +
      ': ping\n\n' +
      'data: {"collection":"unknown","documents":[],"checkpoint":{"seq":5,"id":"x"}}\n\n' +
      'data: {not json\n\n' +
      `data: ${JSON.stringify(membersEvent)}\n\n`
    const calls: { url: string; headers: Headers }[] = []
    const fetch: FetchLike = async (url, init) => {
      calls.push({ url, headers: new Headers(init?.headers) })
      return sseResponse(wire, { size: 7, keepOpen: true, signal: init?.signal })
    }
    const { stream, statuses } = createStream({ fetch })
    const received = collect(stream, ['contacts', 'companies', 'members'])
    stream.start()

    await vi.waitFor(() => expect(received.members).toHaveLength(2))
    expect(received.contacts).toEqual(['RESYNC', { documents: contactsEvent.documents, checkpoint: contactsEvent.checkpoint }])
    expect(received.companies).toEqual(['RESYNC'])
    expect(received.members).toEqual(['RESYNC', { documents: membersEvent.documents, checkpoint: membersEvent.checkpoint }])
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe('http://127.0.0.1:3100/api/replication/stream?collections=contacts,companies,members')
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer tok')
    expect(calls[0]?.headers.get('X-Workspace-Id')).toBe('W1')
    expect(calls[0]?.headers.get('Accept')).toBe('text/event-stream')
    expect(statuses).toEqual(['connecting', 'connected'])
  })

  it('reconnects with growing backoff after failures and starts over once a connection delivers', async () => {
    vi.useFakeTimers()
    let calls = 0
    const fetch: FetchLike = async () => {
      calls++
      if (calls <= 2) throw new TypeError('Failed to fetch')
      // Delivers RESYNC, then the server goes away (restart).
      return sseResponse('data: RESYNC\n\n')
    }
    const { stream, statuses } = createStream({ fetch })
    const received = collect(stream, ['contacts'])
    stream.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(1)
    expect(statuses).toEqual(['connecting', 'offline'])

    await vi.advanceTimersByTimeAsync(499)
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toBe(2)

    // Second failure in a row: the wait doubles.
    await vi.advanceTimersByTimeAsync(999)
    expect(calls).toBe(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toBe(3)
    expect(received.contacts).toEqual(['RESYNC'])

    // That connection delivered, so the next wait is back to the first step.
    await vi.advanceTimersByTimeAsync(499)
    expect(calls).toBe(3)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toBe(4)
  })

  it('caps the wait at 30 s however long the server is gone', async () => {
    vi.useFakeTimers()
    let calls = 0
    const { stream } = createStream({
      fetch: async () => {
        calls++
        throw new TypeError('Failed to fetch')
      },
      backoff: { baseMs: 1_000, maxMs: 30_000, random: () => 0.999999 },
    })
    stream.start()
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    // 1+2+4+8+16 s, then every 30 s: about 23 attempts in ten minutes, never a tight loop.
    expect(calls).toBeGreaterThan(15)
    expect(calls).toBeLessThan(30)
  })

  it('does not connect while offline and connects at once when the network returns', async () => {
    const network = fakeNetwork(false)
    const fetch = vi.fn<FetchLike>(async (_url, init) => sseResponse('data: RESYNC\n\n', { keepOpen: true, signal: init?.signal }))
    const { stream, statuses } = createStream({ fetch, network })
    stream.start()
    await Promise.resolve()
    expect(fetch).not.toHaveBeenCalled()
    expect(statuses).toEqual(['offline'])
    network.setOnline(true)
    await vi.waitFor(() => expect(statuses).toContain('connected'))
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('gives up on 401: the session is dead, retrying cannot help', async () => {
    vi.useFakeTimers()
    const fetch = vi.fn<FetchLike>(async () => new Response(JSON.stringify({ error: 'unauthenticated', message: 'Sign in' }), { status: 401 }))
    const { stream, statuses } = createStream({ fetch })
    stream.start()
    await vi.advanceTimersByTimeAsync(120_000)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(statuses).toEqual(['connecting', 'unauthorized', 'stopped'])
    expect(stream.isRunning).toBe(false)
  })

  it('reports a server error with its message and keeps retrying', async () => {
    vi.useFakeTimers()
    const fetch = vi.fn<FetchLike>(async () => new Response(JSON.stringify({ error: 'not_found', message: 'No such workspace.' }), { status: 404 }))
    const statuses: StreamStatus[] = []
    const { stream } = createStream({ fetch, onStatus: (status) => statuses.push(status) })
    stream.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(statuses).toContainEqual({ state: 'error', status: 404, message: 'No such workspace.' })
    await vi.advanceTimersByTimeAsync(500)
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('drops a connection that went silent (not even a ping) and reconnects', async () => {
    vi.useFakeTimers()
    const fetch = vi.fn<FetchLike>(async (_url, init) => sseResponse('data: RESYNC\n\n', { keepOpen: true, signal: init?.signal }))
    const { stream } = createStream({ fetch, idleTimeoutMs: 45_000 })
    const received = collect(stream, ['companies'])
    stream.start()
    await vi.advanceTimersByTimeAsync(44_999)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    await vi.advanceTimersByTimeAsync(500)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(received.companies).toEqual(['RESYNC', 'RESYNC'])
  })

  it('stops cleanly: aborts the open connection and never reconnects', async () => {
    vi.useFakeTimers()
    let signal: AbortSignal | undefined
    const fetch = vi.fn<FetchLike>(async (_url, init) => {
      signal = init?.signal ?? undefined
      return sseResponse('data: RESYNC\n\n', { keepOpen: true, signal: init?.signal })
    })
    const { stream, statuses } = createStream({ fetch })
    stream.start()
    await vi.advanceTimersByTimeAsync(0)
    stream.stop()
    expect(signal?.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(statuses.at(-1)).toBe('stopped')
  })
})
