import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { WEBHOOK_EVENT_TYPES } from '@core/webhooks/events'
import type { OutpostData } from '../../data/dataContext'
import type { FetchInit, FetchLike } from '../../data/sync/syncHttp'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { aSession } from '../settings/sendingFakeServer'
import type { WebhookEndpoint } from './webhooksApi'
import { WebhooksSection } from './WebhooksSection'

const opened: OutpostData[] = []

type Reply = { status: number; body: unknown } | 'network-error'

/** The sync server's /api/webhooks behind a stubbed fetch (everything else 404s). */
class FakeWebhooksServer {
  endpoints: WebhookEndpoint[] = []
  readonly calls: Array<{ method: string; path: string; body: unknown }> = []
  createReply: ((body: Record<string, unknown>) => Reply) | null = null
  offline = false

  fetch: FetchLike = async (input: string, init?: FetchInit) => {
    const url = new URL(input)
    const method = init?.method ?? 'GET'
    const body: unknown = init?.body ? JSON.parse(init.body) : undefined
    if (url.pathname.startsWith('/api/webhooks')) this.calls.push({ method, path: url.pathname + url.search, body })
    const reply = this.route(method, url.pathname, body as Record<string, unknown>)
    if (reply === 'network-error') throw new TypeError('Failed to fetch')
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'Content-Type': 'application/json' } })
  }

  private route(method: string, path: string, body: Record<string, unknown>): Reply {
    if (!path.startsWith('/api/webhooks')) return { status: 404, body: { error: 'not_found', message: 'no such route' } }
    if (this.offline) return 'network-error'
    if (method === 'GET' && path === '/api/webhooks') return { status: 200, body: { endpoints: this.endpoints, limit: 25 } }
    if (method === 'POST' && path === '/api/webhooks') {
      const refused = this.createReply?.(body)
      if (refused) return refused
      const endpoint = anEndpoint({ id: `E${this.endpoints.length + 1}`, url: String(body.url), events: body.events as WebhookEndpoint['events'], description: String(body.description) })
      this.endpoints.push(endpoint)
      return { status: 201, body: { endpoint, secret: 'whsec_shown_once' } }
    }
    const id = /^\/api\/webhooks\/([^/]+)/.exec(path)?.[1]
    const endpoint = this.endpoints.find((candidate) => candidate.id === id)
    if (endpoint === undefined) return { status: 404, body: { error: 'not_found', message: 'webhook endpoint not found' } }
    if (method === 'PATCH') {
      Object.assign(endpoint, body, body.enabled === true ? { disabledReason: '', disabledAt: null, consecutiveFailures: 0 } : {})
      return { status: 200, body: { endpoint } }
    }
    if (method === 'POST' && path.endsWith('/test')) return { status: 200, body: { deliveryId: 'D9', eventId: 'test:1' } }
    if (method === 'GET' && path.endsWith('/deliveries')) {
      return {
        status: 200,
        body: {
          deliveries: [
            {
              id: 'D1',
              eventId: 'contacts:1:4:contact.created',
              eventType: 'contact.created',
              status: 'queued',
              attempts: 1,
              nextAttemptAt: Date.now() + 5 * 60_000,
              firstAttemptAt: 1,
              lastAttemptAt: 1,
              lastStatusCode: 500,
              lastDurationMs: 42,
              lastError: 'HTTP 500',
              createdAt: 1,
              attemptLog: [{ attempt: 1, at: 1, statusCode: 500, durationMs: 42, error: 'HTTP 500' }],
            },
          ],
          nextBefore: null,
        },
      }
    }
    return { status: 404, body: { error: 'not_found', message: 'no such route' } }
  }
}

function anEndpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: 'E1',
    url: 'https://hooks.example.com/outpost',
    description: 'CRM sync',
    events: ['contact.created'],
    enabled: true,
    disabledReason: '',
    disabledAt: null,
    consecutiveFailures: 0,
    createdAt: 1,
    updatedAt: 1,
    lastDelivery: null,
    ...overrides,
  }
}

async function setup(server: FakeWebhooksServer, role: 'owner' | 'admin' | 'member' = 'owner') {
  const data = await createTestData({ fetch: server.fetch, sessions: memorySessions(aSession(role)) })
  opened.push(data)
  const user = userEvent.setup()
  renderWithProviders(<WebhooksSection />, { data })
  return { user }
}

afterEach(async () => {
  for (const data of opened.splice(0)) await closeTestData(data)
})

describe('Settings → Webhooks', () => {
  it('tells members that only owners and admins manage webhooks, without asking the server', async () => {
    const server = new FakeWebhooksServer()
    await setup(server, 'member')
    expect(await screen.findByText(/Only owners and admins of this workspace/)).toBeInTheDocument()
    expect(server.calls).toEqual([])
  })

  it('adds an endpoint for all events and shows its secret once', async () => {
    const server = new FakeWebhooksServer()
    const { user } = await setup(server, 'admin')
    expect(await screen.findByText('No webhook endpoints yet')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Add endpoint' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add webhook endpoint' })
    await user.type(within(dialog).getByLabelText('Endpoint URL'), 'hooks.example.com')
    await user.click(within(dialog).getByLabelText('All events'))
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Enter a full URL')
    expect(server.calls.filter((call) => call.method === 'POST')).toEqual([])

    await user.clear(within(dialog).getByLabelText('Endpoint URL'))
    await user.type(within(dialog).getByLabelText('Endpoint URL'), 'https://hooks.example.com/outpost')
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))

    const secret = await screen.findByRole('dialog', { name: 'Signing secret' })
    expect(within(secret).getByLabelText('Signing secret')).toHaveTextContent('whsec_shown_once')
    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({ url: 'https://hooks.example.com/outpost', events: [...WEBHOOK_EVENT_TYPES], description: '' })
    await user.click(within(secret).getByRole('button', { name: 'Done' }))
    const list = await screen.findByRole('list', { name: 'Webhook endpoints' })
    expect(within(list).getByText('https://hooks.example.com/outpost')).toBeInTheDocument()
    expect(within(list).getByText('All events')).toBeInTheDocument()
    expect(screen.queryByText('whsec_shown_once')).not.toBeInTheDocument()
  })

  it('shows the server refusing a private URL beside the field', async () => {
    const server = new FakeWebhooksServer()
    server.createReply = () => ({
      status: 400,
      body: { error: 'invalid_request', message: 'url: the host 127.0.0.1 resolves to 127.0.0.1, a loopback address: webhooks only go to public addresses', details: { field: 'url' } },
    })
    const { user } = await setup(server)
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add webhook endpoint' })
    await user.type(within(dialog).getByLabelText('Endpoint URL'), 'http://127.0.0.1/hook')
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/^the host 127.0.0.1 resolves to 127.0.0.1, a loopback address/)
  })

  it('shows why an endpoint was disabled and re-enables it', async () => {
    const server = new FakeWebhooksServer()
    server.endpoints = [anEndpoint({ enabled: false, disabledReason: 'Disabled after 15 failed attempts in a row over 1 hour.', consecutiveFailures: 15 })]
    const { user } = await setup(server)
    expect(await screen.findByText('Disabled after 15 failed attempts in a row over 1 hour.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Send test' })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Re-enable' }))
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Re-enable' })).not.toBeInTheDocument())
    expect(server.calls.find((call) => call.method === 'PATCH')).toEqual({ method: 'PATCH', path: '/api/webhooks/E1', body: { enabled: true } })
    expect(screen.getByText('Active')).toBeInTheDocument()
  })

  it('sends a test event and opens the delivery log with each attempt', async () => {
    const server = new FakeWebhooksServer()
    server.endpoints = [anEndpoint()]
    const { user } = await setup(server)
    await user.click(await screen.findByRole('button', { name: 'Send test' }))
    expect(await screen.findByText(/Test event queued/)).toBeInTheDocument()
    const row = await screen.findByRole('button', { name: 'Contact created: show attempts' })
    expect(screen.getByText('HTTP 500 · 42 ms')).toBeInTheDocument()
    expect(screen.getByText('in 5 min')).toBeInTheDocument()
    await user.click(row)
    expect(screen.getByText('Attempt 1')).toBeInTheDocument()
  })

  it('says so when the sync server cannot be reached', async () => {
    const server = new FakeWebhooksServer()
    server.offline = true
    await setup(server)
    expect(await screen.findByRole('alert')).toHaveTextContent('The sync server cannot be reached right now')
  })
})
