import type { AddressInfo } from 'node:net'
import { createServer, type Server } from 'node:http'
import { pino } from 'pino'
import { openStorage } from '../storage'
import { ANY_CHANGE, type ChangeNotice, type StoragePort } from '../storage/port'
import { contactDoc } from '../testing/docs'
import { readEvents } from '../testing/sse'
import { StreamHub } from './streamHub'

// The hub on its own: a plain node:http server hands it responses; storage is real SQLite, but
// change notices are delivered by hand so the test decides what the hub hears.

let storage: StoragePort
let hub: StreamHub
let server: Server
let deliver: (notice: ChangeNotice) => void
const workspaceId = '01J0000000000000000000WSPC'

beforeEach(async () => {
  const real = await openStorage('sqlite::memory:')
  storage = new Proxy(real, {
    get(target, key, receiver) {
      if (key === 'onChange') {
        return (listener: (notice: ChangeNotice) => void) => {
          deliver = listener
          return () => undefined
        }
      }
      return Reflect.get(target, key, receiver)
    },
  })
  const owner = { id: '01J0000000000000000000USER', email: 'o@example.com', name: 'O', passwordHash: 'x', createdAt: 1 }
  await storage.createUser(owner)
  await storage.createWorkspace({ id: workspaceId, name: 'W', createdAt: 1 }, { workspaceId, userId: owner.id, role: 'owner', joinedAt: 1 }, {
    id: owner.id,
    email: owner.email,
    name: 'O',
    role: 'owner',
    joinedAt: 1,
    updatedAt: 1,
    _deleted: false,
    _clock: {},
  })
  hub = new StreamHub(storage, pino({ level: 'silent' }), 40)
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    void hub.open(workspaceId, ['contacts'], false, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
})

afterEach(async () => {
  hub.close()
  await new Promise((resolve) => server.close(resolve))
  await storage.close()
})

function url(): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

async function write(doc: ReturnType<typeof contactDoc>): Promise<void> {
  await storage.pushDocuments(workspaceId, 'contacts', [doc.id], () => [{ id: doc.id, doc }])
}

describe('StreamHub', () => {
  it('sends heartbeats as SSE comments', async () => {
    const response = await fetch(url())
    const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader()
    let received = ''
    while (!received.includes(': ping\n\n')) received += (await reader.read()).value ?? ''
    expect(received.startsWith('data: RESYNC\n\n')).toBe(true)
    await reader.cancel()
  })

  it('catches up from its cursor on ANY_CHANGE, when the notices themselves were missed', async () => {
    const events = readEvents(await fetch(url()))
    expect(await events.next()).toBe('RESYNC')
    const missed = contactDoc({ email: 'missed@example.com' })
    await write(missed) // its notice never reaches the hub (as while LISTEN was down)
    deliver(ANY_CHANGE)
    const event = JSON.parse(await events.next())
    expect(event.documents.map((doc: { id: string }) => doc.id)).toEqual([missed.id])
  })

  it('sends each change once, even when notices repeat', async () => {
    const events = readEvents(await fetch(url()))
    expect(await events.next()).toBe('RESYNC')
    const first = contactDoc({ email: 'first@example.com' })
    await write(first)
    const seq = await storage.currentSeq(workspaceId)
    deliver({ workspaceId, collection: 'contacts', seq })
    deliver({ workspaceId, collection: 'contacts', seq })
    const firstEvent = JSON.parse(await events.next())
    const second = contactDoc({ email: 'second@example.com' })
    await write(second)
    deliver({ workspaceId, collection: 'contacts', seq: seq + 1 })
    const secondEvent = JSON.parse(await events.next())
    // The repeated notice sent nothing: the event after the first one carries only the second doc.
    expect(firstEvent.documents.map((doc: { id: string }) => doc.id)).toEqual([first.id])
    expect(secondEvent.documents.map((doc: { id: string }) => doc.id)).toEqual([second.id])
  })
})
