import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Activity, Member, Setting } from '@core/schema'
import { createSyncedDoc, type DocFields } from '@core/sync/localChange'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { InboxUnreadBadge } from './FeedNotifier'
import { inboxStateQuery } from './feedWrites'
import { InboxPage } from './InboxPage'

const ANA = '01ANA00000000000000000000A'
const BOB = '01BOB00000000000000000000B'
const opened: OutpostData[] = []

function member(id: string, name: string): Member {
  return { id, name, email: `${name.toLowerCase()}@team.test`, role: 'member', joinedAt: 1, updatedAt: 1, _clock: {} }
}

/** Bob's device, signed in, with Ana's comments arriving as sync would bring them. */
async function bobsDevice() {
  const sessions = memorySessions({ serverUrl: 'http://127.0.0.1:9', token: 't', user: { id: BOB, email: 'bob@team.test', name: 'Bob' }, workspaceId: 'W1', workspaces: [{ id: 'W1', name: 'Team', role: 'member' }] })
  const data = await createTestData({ sessions })
  opened.push(data)
  await data.db.members.bulkInsert([member(ANA, 'Ana'), member(BOB, 'Bob')])
  await data.db.contacts.insert(
    createSyncedDoc('c1', { email: 'carl@client.test', firstName: 'Carl', lastName: 'Client', phone: '', title: '', companyId: '', tags: [], lifecycleStage: 'lead', customFields: {}, createdAt: 1 } as never, '000000000000001-00000-x', 1) as never,
  )
  return data
}

async function commentFromAna(data: OutpostData, id: string, body: string, mentions: string[], at: number) {
  const stamp = `${String(at).padStart(15, '0')}-00000-anasLaptop`
  const fields = { kind: 'comment', contactId: 'c1', companyId: '', subject: '', body, mentions, authorId: ANA, updatedBy: ANA, occurredAt: at, createdAt: at } as DocFields<Activity>
  await data.db.activities.insert(createSyncedDoc<Activity>(id, fields, stamp, at))
}

beforeEach(() => {
  window.location.hash = '#/inbox'
})
afterEach(async () => {
  for (const data of opened.splice(0)) await closeTestData(data)
})

describe('InboxPage', () => {
  it('lists a mention as unread with its text and count; opening it marks it read and goes to the contact', async () => {
    const data = await bobsDevice()
    const user = userEvent.setup()
    await commentFromAna(data, 'a1', '@Bob please call', [BOB], Date.now() - 60_000)
    renderWithProviders(
      <>
        <InboxUnreadBadge />
        <InboxPage />
      </>,
      { data },
    )
    const item = await screen.findByRole('button', { name: /Unread: Ana mentioned you on Carl Client/ })
    expect(item).toHaveTextContent('@Bob please call')
    expect(screen.getByTestId('inbox-unread')).toHaveTextContent('1')

    await user.click(item)
    expect(window.location.hash).toBe('#/contacts/c1')
    await waitFor(() => expect(screen.queryByTestId('inbox-unread')).not.toBeInTheDocument())
    const states = (await inboxStateQuery(data.db, BOB).exec()).map((doc) => doc.toJSON() as Setting)
    // The only item is read, so the state compacts to "read up to it".
    expect(states).toEqual([expect.objectContaining({ kind: 'inbox', memberId: BOB, readIds: [], readUpTo: expect.any(Number) })])
    expect(states[0]?.readUpTo).toBeGreaterThan(Date.now() - 120_000)
    expect(screen.getByRole('button', { name: /^Ana mentioned you on Carl Client/ })).toBeInTheDocument()
  })

  it('marks everything read at once, and new arrivals after that are unread again', async () => {
    const data = await bobsDevice()
    const user = userEvent.setup()
    const now = Date.now()
    await commentFromAna(data, 'a1', '@Bob one', [BOB], now - 3000)
    await commentFromAna(data, 'a2', '@Bob two', [BOB], now - 2000)
    await commentFromAna(data, 'a3', 'not for Bob', [], now - 1000)
    renderWithProviders(<InboxPage />, { data })
    const list = await screen.findByRole('list', { name: 'Inbox items' })
    expect(within(list).getAllByRole('button')).toHaveLength(2)
    await user.click(screen.getByRole('button', { name: 'Mark all read' }))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Mark all read' })).toBeDisabled())
    expect(within(list).queryAllByRole('button', { name: /^Unread/ })).toHaveLength(0)

    await commentFromAna(data, 'a4', '@Bob three', [BOB], now)
    expect(await screen.findByRole('button', { name: /^Unread: Ana mentioned you/ })).toHaveTextContent('@Bob three')
  })

  it('explains itself while local only', async () => {
    const data = await createTestData()
    opened.push(data)
    renderWithProviders(<InboxPage />, { data })
    expect(screen.getByText('Your inbox fills in once you sync')).toBeInTheDocument()
  })
})
