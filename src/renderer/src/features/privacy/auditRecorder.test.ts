import type { AuditReportEntry } from '@core/privacy/audit'
import type { Result } from '@core/result'
import type { SyncControllerSnapshot } from '../../data/sync/syncController'
import type { SyncFailure } from '../../data/sync/syncHttp'
import { AuditRecorder } from './auditRecorder'

type Connection = 'online' | 'offline' | null

/** The bits of the sync controller the recorder reads: signed in or not, replication online or not. */
function fakeSync(initial: { signedIn: boolean; connection: Connection }) {
  const listeners = new Set<() => void>()
  let state = initial
  return {
    getSnapshot: () =>
      ({
        account: state.signedIn ? { serverUrl: 'x', user: { id: 'U1', email: 'a@x', name: 'A' }, workspaceId: 'W1', workspaces: [], persisted: true } : null,
        engine: state.connection === null ? null : { connection: state.connection },
      }) as unknown as SyncControllerSnapshot,
    subscribe: (listener: () => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    set(next: { signedIn: boolean; connection: Connection }) {
      state = next
      for (const listener of listeners) listener()
    },
  }
}

function fakeApi(answers: Array<Result<{ recorded: number }, SyncFailure>>) {
  const sent: AuditReportEntry[][] = []
  return {
    sent,
    reportAudit: async (entries: readonly AuditReportEntry[]) => {
      sent.push([...entries])
      return answers.shift() ?? { ok: true as const, value: { recorded: entries.length } }
    },
  }
}

const csv = { kind: 'csv-export' as const, subject: 'all contacts', rowCount: 12 }

beforeEach(() => window.localStorage.clear())

describe('AuditRecorder', () => {
  it('keeps entries made offline on this device and sends them when replication comes online', async () => {
    const sync = fakeSync({ signedIn: true, connection: 'offline' })
    const api = fakeApi([])
    const recorder = new AuditRecorder('outpost-w1', sync, api)
    recorder.start()
    const entry = recorder.record(csv)
    await recorder.flush()
    expect(api.sent).toEqual([])
    expect(recorder.pending()).toEqual([entry])
    // A reload keeps them: they live in localStorage under the database's name.
    expect(new AuditRecorder('outpost-w1', sync, api).pending()).toEqual([entry])
    expect(new AuditRecorder('outpost-other', sync, api).pending()).toEqual([])

    sync.set({ signedIn: true, connection: 'online' })
    await vi.waitFor(() => expect(recorder.pending()).toEqual([]))
    expect(api.sent).toEqual([[expect.objectContaining({ kind: 'csv-export', subject: 'all contacts', rowCount: 12, id: entry.id })]])
  })

  it('keeps a local-only workspace’s entries until someone signs in', async () => {
    const sync = fakeSync({ signedIn: false, connection: null })
    const api = fakeApi([])
    const recorder = new AuditRecorder('outpost', sync, api)
    recorder.start()
    recorder.record(csv)
    await recorder.flush()
    expect(api.sent).toEqual([])
    expect(recorder.pending()).toHaveLength(1)
  })

  it('keeps entries the server could not take now, and drops what it refused for good', async () => {
    const sync = fakeSync({ signedIn: true, connection: 'online' })
    const api = fakeApi([
      { ok: false, error: { kind: 'network', message: 'offline' } },
      { ok: false, error: { kind: 'http', status: 503, code: 'internal', message: 'down' } },
      { ok: false, error: { kind: 'http', status: 400, code: 'invalid_request', message: 'bad' } },
    ])
    const recorder = new AuditRecorder('outpost-w2', sync, api)
    recorder.record(csv)
    await recorder.flush()
    expect(api.sent).toHaveLength(2)
    expect(recorder.pending()).toHaveLength(1)
    await recorder.flush()
    expect(recorder.pending()).toEqual([])
    // The same id every time: the server stores a retried entry once.
    expect(new Set(api.sent.flat().map((entry) => entry.id)).size).toBe(1)
  })

  it('sends a long queue in batches of at most 100', async () => {
    const sync = fakeSync({ signedIn: true, connection: 'offline' })
    const api = fakeApi([])
    const recorder = new AuditRecorder('outpost-w3', sync, api)
    for (let i = 0; i < 230; i++) recorder.record(csv)
    sync.set({ signedIn: true, connection: 'online' })
    await recorder.flush()
    expect(api.sent.map((batch) => batch.length)).toEqual([100, 100, 30])
    expect(recorder.pending()).toEqual([])
  })
})
