import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { aSession, FakeSendingServer, settingsAnswer } from './sendingFakeServer'
import { SendingSection } from './SendingSection'

const opened: OutpostData[] = []

async function setup(options: { server?: FakeSendingServer; role?: 'owner' | 'admin' | 'member' | null } = {}) {
  const server = options.server ?? new FakeSendingServer()
  const sessions = memorySessions(options.role === null ? null : aSession(options.role ?? 'owner'))
  const data = await createTestData({ fetch: server.fetch, sessions })
  opened.push(data)
  const user = userEvent.setup()
  renderWithProviders(<SendingSection />, { data })
  return { server, user }
}

beforeEach(() => window.localStorage.clear())
afterEach(async () => {
  for (const data of opened.splice(0)) await closeTestData(data)
})

const savedSmtp = () =>
  settingsAnswer(
    { mode: 'smtp', source: 'workspace' },
    {
      mode: 'smtp',
      smtp: { url: null, host: 'smtp.acme.example', port: 587, secure: false, user: 'mailer' },
      hasPassword: true,
      fromIdentities: [{ name: 'Acme', email: 'news@acme.example' }],
      updatedAt: 1,
    },
  )

describe('Settings → Sending', () => {
  it('explains, when signed out, that sending needs a sync server account, and links to Sync', async () => {
    const { server } = await setup({ role: null })
    const section = screen.getByRole('region', { name: 'Sending' })
    expect(within(section).getByText(/sending needs a sync server account/)).toBeInTheDocument()
    expect(within(section).getByRole('link', { name: 'Sign in under Settings → Sync' })).toHaveAttribute('href', '#/settings/sync')
    expect(server.requests).toEqual([])
  })

  it('shows a saved password only as "••• saved", and saving without touching it keeps it (no password sent)', async () => {
    const server = new FakeSendingServer()
    server.settings = savedSmtp()
    const { user } = await setup({ server })
    const password = await screen.findByLabelText('SMTP password')
    expect(password).toHaveValue('')
    expect(password).toHaveAttribute('placeholder', '••• saved')
    expect(screen.getByLabelText('SMTP host')).toHaveValue('smtp.acme.example')

    await user.click(screen.getByRole('button', { name: 'Add sender' }))
    await user.type(screen.getByLabelText('Sender 2 name'), 'Ada')
    await user.type(screen.getByLabelText('Sender 2 email'), 'ada@acme.example')
    await user.click(screen.getByRole('button', { name: 'Save sending settings' }))

    await waitFor(() => expect(server.requestsTo('PUT', '/api/sending/settings')).toHaveLength(1))
    const [put] = server.requestsTo('PUT', '/api/sending/settings')
    expect(put?.headers).toMatchObject({ Authorization: 'Bearer token-abc', 'X-Workspace-Id': 'W1' })
    expect(put?.body).toEqual({
      mode: 'smtp',
      smtp: { host: 'smtp.acme.example', port: 587, secure: false, user: 'mailer' },
      fromIdentities: [
        { name: 'Acme', email: 'news@acme.example' },
        { name: 'Ada', email: 'ada@acme.example' },
      ],
      dkim: null,
      ratePerSecond: 50,
    })
    expect(await screen.findByText('Saved.')).toBeInTheDocument()
  })

  it('clears the saved password with Clear password (sends null)', async () => {
    const server = new FakeSendingServer()
    server.settings = savedSmtp()
    const { user } = await setup({ server })
    await user.click(await screen.findByRole('button', { name: 'Clear password' }))
    expect(screen.getByText('The saved password will be removed when you save.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Save sending settings' }))
    await waitFor(() => expect(server.requestsTo('PUT', '/api/sending/settings')).toHaveLength(1))
    expect(server.requestsTo('PUT', '/api/sending/settings')[0]?.body).toMatchObject({ smtp: { password: null } })
  })

  it("shows the server's refusal beside the field it names", async () => {
    const server = new FakeSendingServer()
    server.settings = savedSmtp()
    server.on('PUT /api/sending/settings', () => ({
      status: 400,
      body: { error: 'invalid_request', message: 'fromIdentities.0.email: enter a valid email address', details: { field: 'fromIdentities.0.email' } },
    }))
    const { user } = await setup({ server })
    const email = await screen.findByLabelText('Sender 1 email')
    await user.clear(email)
    await user.type(email, 'news-at-acme')
    await user.click(screen.getByRole('button', { name: 'Save sending settings' }))
    expect(await screen.findByText('Enter a valid email address')).toBeInTheDocument()
    expect(screen.getByLabelText('Sender 1 email')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByText('Saved.')).not.toBeInTheDocument()
  })

  it('catches an out-of-range rate before asking the server', async () => {
    const { server, user } = await setup()
    const rate = await screen.findByLabelText('Messages per second')
    await user.clear(rate)
    await user.type(rate, '0')
    await user.click(screen.getByRole('button', { name: 'Save sending settings' }))
    expect(await screen.findByText('Enter a whole number from 1 to 1000.')).toBeInTheDocument()
    expect(server.requestsTo('PUT', '/api/sending/settings')).toEqual([])
  })

  it('sends the DKIM key only when one is pasted', async () => {
    const { server, user } = await setup()
    await user.click(await screen.findByLabelText('Sign messages with DKIM'))
    await user.type(screen.getByLabelText('DKIM domain'), 'acme.example')
    await user.type(screen.getByLabelText('Key selector'), 'outpost')
    await user.type(screen.getByLabelText('DKIM private key (PEM)'), '-----BEGIN PRIVATE KEY-----')
    await user.click(screen.getByRole('button', { name: 'Save sending settings' }))
    await waitFor(() => expect(server.requestsTo('PUT', '/api/sending/settings')).toHaveLength(1))
    expect(server.requestsTo('PUT', '/api/sending/settings')[0]?.body).toMatchObject({
      mode: 'sink',
      smtp: null,
      dkim: { domainName: 'acme.example', keySelector: 'outpost', privateKey: '-----BEGIN PRIVATE KEY-----' },
    })
  })

  it('shows the SMTP fields only when the workspace uses its own SMTP server', async () => {
    const { user } = await setup()
    const transport = await screen.findByLabelText('Transport')
    expect(transport).toHaveValue('sink')
    expect(screen.queryByLabelText('SMTP host')).not.toBeInTheDocument()
    await user.selectOptions(transport, 'smtp')
    expect(screen.getByLabelText('SMTP host')).toBeInTheDocument()
    expect(screen.getByLabelText('SMTP password')).toBeInTheDocument()
  })

  it('lets members read but not edit', async () => {
    const server = new FakeSendingServer()
    server.settings = { ...savedSmtp(), canEdit: false }
    await setup({ server, role: 'member' })
    expect(await screen.findByText('Only owners and admins change sending settings.')).toBeInTheDocument()
    expect(screen.getByLabelText('SMTP host')).toBeDisabled()
    expect(screen.queryByRole('button', { name: 'Save sending settings' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Send test email' })).not.toBeInTheDocument()
  })

  it('sends a test email and reports the SMTP error when it fails', async () => {
    const server = new FakeSendingServer()
    server.on('POST /api/sending/test', () => ({ status: 200, body: { ok: false, mode: 'smtp', error: 'Invalid login: 535 Authentication failed' } }))
    const { user } = await setup({ server })
    expect(await screen.findByLabelText('Send a test email to')).toHaveValue('ada@acme.example')
    await user.click(screen.getByRole('button', { name: 'Send test email' }))
    expect(await screen.findByText('Not sent: Invalid login: 535 Authentication failed')).toBeInTheDocument()
    expect(server.requestsTo('POST', '/api/sending/test')[0]?.body).toEqual({ to: 'ada@acme.example' })

    server.on('POST /api/sending/test', () => ({ status: 200, body: { ok: true, mode: 'sink', messageId: '<m@x>' } }))
    await user.click(screen.getByRole('button', { name: 'Send test email' }))
    expect(await screen.findByText('Sent to the test inbox: see Outbox below.')).toBeInTheDocument()
  })

  it('says when the sync server cannot be reached, and tries again', async () => {
    const server = new FakeSendingServer()
    server.on('GET /api/sending/settings', () => 'network-error')
    const { user } = await setup({ server })
    expect(await screen.findByText(/cannot be reached right now/)).toBeInTheDocument()
    server.on('GET /api/sending/settings', () => ({ status: 200, body: settingsAnswer() }))
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText(/Test mode: no SMTP server is set/)).toBeInTheDocument()
  })
})
