import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import type { OutboxMessage } from './sendingApi'
import { aSession, FakeSendingServer, settingsAnswer } from './sendingFakeServer'
import { OutboxSection } from './OutboxSection'
import { SettingsPage } from './SettingsPage'

const opened: OutpostData[] = []

function aMessage(id: string, receivedAt: number, subject: string): OutboxMessage {
  return {
    id,
    receivedAt,
    from: 'Acme <news@acme.example>',
    to: 'bob@example.com',
    subject,
    headers: [
      ['subject', subject],
      ['list-unsubscribe', '<https://sync.acme.example/u/tok>, <mailto:unsubscribe@acme.example>'],
      ['list-unsubscribe-post', 'List-Unsubscribe=One-Click'],
    ],
    html: `<h1>${subject}</h1><script>parent.alert(1)</script>`,
    text: `${subject} in plain text`,
  }
}

async function setup(server: FakeSendingServer, role: 'owner' | 'member' = 'owner') {
  const data = await createTestData({ fetch: server.fetch, sessions: memorySessions(aSession(role)) })
  opened.push(data)
  const user = userEvent.setup()
  renderWithProviders(<OutboxSection />, { data })
  return { user }
}

beforeEach(() => window.localStorage.clear())
afterEach(async () => {
  for (const data of opened.splice(0)) await closeTestData(data)
})

describe('Settings → Outbox', () => {
  it('lists caught mail newest first and shows one message: headers, sandboxed HTML and text', async () => {
    const server = new FakeSendingServer()
    server.outbox = [aMessage('M2', 2_000, 'Spring launch'), aMessage('M1', 1_000, 'Welcome')]
    const { user } = await setup(server)

    const list = await screen.findByRole('listbox', { name: 'Caught messages' })
    expect(within(list).getAllByRole('option').map((option) => option.textContent)).toEqual([
      expect.stringContaining('Spring launch'),
      expect.stringContaining('Welcome'),
    ])
    await user.click(within(list).getByRole('button', { name: /Spring launch/ }))

    const article = await screen.findByRole('article', { name: 'Spring launch' })
    expect(within(article).getByText('Acme <news@acme.example>')).toBeInTheDocument()
    expect(within(article).getByText('Headers (3)')).toBeInTheDocument()
    expect(within(article).getByRole('rowheader', { name: 'list-unsubscribe' })).toBeInTheDocument()
    const frame = within(article).getByTitle('Message HTML')
    expect(frame).toHaveAttribute('sandbox', '')
    expect(frame).toHaveAttribute('srcdoc', expect.stringContaining('<h1>Spring launch</h1>'))

    await user.click(within(article).getByRole('tab', { name: 'Text' }))
    expect(within(article).getByText('Spring launch in plain text')).toBeInTheDocument()
    expect(server.requestsTo('GET', '/api/sending/outbox/M2')).toHaveLength(1)
  })

  it('refreshes, and clears only after one confirmation', async () => {
    const server = new FakeSendingServer()
    const { user } = await setup(server)
    expect(await screen.findByText(/Nothing caught yet/)).toBeInTheDocument()

    server.outbox = [aMessage('M1', 1_000, 'Welcome')]
    await user.click(screen.getByRole('button', { name: 'Refresh' }))
    expect(await screen.findByRole('button', { name: /Welcome/ })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Clear outbox' }))
    const dialog = await screen.findByRole('dialog', { name: 'Clear the outbox?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(server.requestsTo('DELETE', '/api/sending/outbox')).toEqual([])

    await user.click(screen.getByRole('button', { name: 'Clear outbox' }))
    await user.click(within(await screen.findByRole('dialog', { name: 'Clear the outbox?' })).getByRole('button', { name: 'Clear outbox' }))
    await waitFor(() => expect(server.requestsTo('DELETE', '/api/sending/outbox')).toHaveLength(1))
    expect(await screen.findByText(/Nothing caught yet/)).toBeInTheDocument()
  })

  it('offers no Clear to members', async () => {
    const server = new FakeSendingServer()
    server.settings = settingsAnswer({ canEdit: false })
    server.outbox = [aMessage('M1', 1_000, 'Welcome')]
    await setup(server, 'member')
    expect(await screen.findByRole('button', { name: /Welcome/ })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Clear outbox' })).not.toBeInTheDocument()
  })

  it('is scrolled into view when Settings opens at #/settings/outbox', async () => {
    const scrolled: string[] = []
    const original = Element.prototype.scrollIntoView
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.id)
    }
    try {
      const data = await createTestData({ fetch: new FakeSendingServer().fetch, sessions: memorySessions(aSession()) })
      opened.push(data)
      renderWithProviders(<SettingsPage section="outbox" />, { data })
      expect(await screen.findByRole('region', { name: 'Outbox' })).toHaveAttribute('id', 'outbox')
      expect(scrolled).toEqual(['outbox'])
    } finally {
      Element.prototype.scrollIntoView = original
    }
  })
})
