import { screen, waitFor } from '@testing-library/react'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { aSession, FakeSendingServer, settingsAnswer } from './sendingFakeServer'
import { useSendingSettings } from './useSendingSettings'

const opened: OutpostData[] = []

function Probe({ label = 'probe' }: { label?: string }) {
  const state = useSendingSettings()
  const { reload: _reload, ...visible } = state
  return <output aria-label={label}>{JSON.stringify(visible)}</output>
}

async function render(server: FakeSendingServer, session = aSession('admin'), probes = 1) {
  const data = await createTestData({ fetch: server.fetch, sessions: memorySessions(session) })
  opened.push(data)
  renderWithProviders(
    <>
      {Array.from({ length: probes }, (_, index) => (
        <Probe key={index} label={`probe ${index}`} />
      ))}
    </>,
    { data },
  )
}

const stateOf = (label = 'probe 0') => JSON.parse(screen.getByLabelText(label).textContent ?? '{}') as Record<string, unknown>

beforeEach(() => window.localStorage.clear())
afterEach(async () => {
  for (const data of opened.splice(0)) await closeTestData(data)
})

describe('useSendingSettings', () => {
  it('is signed-out without a sync account, and asks nothing', async () => {
    const server = new FakeSendingServer()
    const data = await createTestData({ fetch: server.fetch })
    opened.push(data)
    renderWithProviders(<Probe label="probe 0" />, { data })
    expect(stateOf()).toEqual({ status: 'signed-out', configured: null, mode: null, fromIdentities: [], canEdit: false })
    expect(server.requests).toEqual([])
  })

  it('answers the server’s settings, fetched once for every component using it', async () => {
    const server = new FakeSendingServer()
    server.settings = settingsAnswer({ mode: 'smtp', source: 'workspace' }, { fromIdentities: [{ name: 'Acme', email: 'news@acme.example' }] })
    await render(server, aSession('admin'), 2)
    await waitFor(() => expect(stateOf()).toMatchObject({ status: 'ready' }))
    expect(stateOf()).toEqual({ status: 'ready', configured: true, mode: 'smtp', fromIdentities: [{ name: 'Acme', email: 'news@acme.example' }], canEdit: true })
    expect(stateOf('probe 1')).toEqual(stateOf())
    expect(server.requestsTo('GET', '/api/sending/settings')).toHaveLength(1)
  })

  it('works offline from the last answer kept for the workspace', async () => {
    const online = new FakeSendingServer()
    online.settings = settingsAnswer({}, { fromIdentities: [{ name: 'Acme', email: 'news@acme.example' }] })
    await render(online)
    await waitFor(() => expect(stateOf()).toMatchObject({ status: 'ready' }))
    for (const data of opened.splice(0)) await closeTestData(data)
    document.body.innerHTML = ''

    const offline = new FakeSendingServer()
    offline.on('GET /api/sending/settings', () => 'network-error')
    await render(offline)
    await waitFor(() => expect(stateOf()).toMatchObject({ status: 'offline' }))
    expect(stateOf()).toEqual({ status: 'offline', configured: true, mode: 'sink', fromIdentities: [{ name: 'Acme', email: 'news@acme.example' }], canEdit: true })
  })

  it('reports a server error, and falls back on the role this device knows for canEdit', async () => {
    const server = new FakeSendingServer()
    server.on('GET /api/sending/settings', () => ({ status: 500, body: { error: 'internal', message: 'internal error: the server logged the details' } }))
    await render(server, aSession('member'))
    await waitFor(() => expect(stateOf()).toMatchObject({ status: 'error' }))
    expect(stateOf()).toEqual({ status: 'error', configured: null, mode: null, fromIdentities: [], canEdit: false, error: 'internal error: the server logged the details' })
  })
})
