import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSyncedDoc } from '../../src/core/sync/localChange'
import { newId } from '../../src/core/ids'
import type { Contact } from '../../src/core/schema'
import { startServerProcess, type ServerProcess } from './serverProcess'
import { openDevice, waitFor, type NodeDevice } from './syncClients'

// kill -9 the server in the middle of a large push, start it again on the same database: the
// client finishes syncing by itself, and no write the server acknowledged is lost.

const CONTACTS = 3000
const PUSH_BATCH = 100
const KILL_AFTER_ACKNOWLEDGED_PUSHES = 8

let dir: string
let server: ServerProcess
let device: NodeDevice | null = null

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-kill-'))
})
afterAll(async () => {
  await device?.close()
  await server?.stop()
  await rm(dir, { recursive: true, force: true })
})

function contactFields(i: number) {
  return {
    email: `person${i}@kill.example`,
    firstName: `First${i}`,
    lastName: 'Killtest',
    phone: '',
    title: '',
    companyId: '',
    tags: ['kill-test'],
    lifecycleStage: 'lead' as const,
    customFields: {},
    createdAt: Date.now(),
  }
}

async function pullAll(url: string, headers: Record<string, string>): Promise<Map<string, Record<string, unknown>>> {
  const docs = new Map<string, Record<string, unknown>>()
  let checkpoint: unknown = null
  for (;;) {
    const response = await fetch(`${url}/api/replication/contacts/pull?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`, { headers })
    const page = (await response.json()) as { documents: Array<Record<string, unknown>>; checkpoint: unknown }
    for (const doc of page.documents) docs.set(doc.id as string, doc)
    if (page.documents.length === 0) return docs
    checkpoint = page.checkpoint
  }
}

it('loses no acknowledged write when the server is killed mid-push, and the client finishes after a restart', async () => {
  const databaseUrl = `sqlite:${join(dir, 'outpost.sqlite')}`
  server = await startServerProcess({ databaseUrl })
  const port = server.port
  const signup = await fetch(`${server.url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'kill@example.com', password: 'kill-dash-nine', workspaceName: 'Kill' }),
  })
  const { token, workspaceId, user } = (await signup.json()) as { token: string; workspaceId: string; user: { id: string } }
  const headers = { authorization: `Bearer ${token}`, 'x-workspace-id': workspaceId }

  // Acknowledged = the server answered 200 to the push that carried the document.
  const acknowledged = new Map<string, Record<string, unknown>>()
  let acknowledgedPushes = 0
  let killed = false
  const serverUrl = `http://127.0.0.1:${port}`
  device = await openDevice({
    serverUrl: () => serverUrl,
    token,
    workspaceId,
    node: 'killtest',
    engine: {
      pushBatchSize: PUSH_BATCH,
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        if (init?.method === 'POST' && input.includes('/contacts/push') && response.status === 200) {
          const rows = JSON.parse(String(init.body)) as Array<{ newDocumentState: Record<string, unknown> }>
          for (const row of rows) acknowledged.set(row.newDocumentState.id as string, row.newDocumentState)
          acknowledgedPushes += 1
          if (acknowledgedPushes === KILL_AFTER_ACKNOWLEDGED_PUSHES && !killed) {
            killed = true
            server.child.kill('SIGKILL')
          }
        }
        return response
      },
    },
  })

  const now = Date.now()
  // Stamped with the signed-in member like every device write (the server would otherwise name the pusher itself).
  const docs = Array.from({ length: CONTACTS }, (_, i) => createSyncedDoc<Contact>(newId(now), { ...contactFields(i), updatedBy: user.id }, device!.clock.now(), now))
  await device.db.contacts.bulkInsert(docs)
  await device.engine.start()

  expect(await server.exited).toBe('SIGKILL')
  expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKNOWLEDGED_PUSHES * PUSH_BATCH)
  expect(acknowledged.size).toBeLessThan(CONTACTS)

  // What the server had acknowledged before dying is on disk.
  server = await startServerProcess({ databaseUrl, port })
  const afterRestart = await pullAll(server.url, headers)
  for (const [id, doc] of acknowledged) expect(afterRestart.get(id)).toEqual(doc)

  // The client retries by itself and finishes: every contact reaches the server exactly once.
  await waitFor(device, async () => (await pullAll(server.url, headers)).size === CONTACTS, 60_000, 'all contacts on the server')
  const final = await pullAll(server.url, headers)
  expect(new Set(final.keys())).toEqual(new Set(docs.map((doc) => doc.id)))
  await waitFor(device, async () => device!.engine.getSnapshot().pending === 0, 30_000, 'nothing pending')
}, 120_000)
