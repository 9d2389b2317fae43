import { screen } from '@testing-library/react'
import type { Activity, Member } from '@core/schema'
import { createSyncedDoc, type DocFields } from '@core/sync/localChange'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { ActivityTimeline } from '../contacts/ActivityTimeline'

// Comments on the contact timeline: their author, highlighted mentions, and no delete for others' comments.

const ANA = '01ANA00000000000000000000A'
const BOB = '01BOB00000000000000000000B'
const opened: OutpostData[] = []

afterEach(async () => {
  for (const data of opened.splice(0)) await closeTestData(data)
})

it("shows the author and highlights mentions; only the author's own comments can be deleted", async () => {
  const sessions = memorySessions({ serverUrl: 'http://127.0.0.1:9', token: 't', user: { id: BOB, email: 'bob@team.test', name: 'Bob' }, workspaceId: 'W1', workspaces: [{ id: 'W1', name: 'Team', role: 'member' }] })
  const data = await createTestData({ sessions })
  opened.push(data)
  const member = (id: string, name: string): Member => ({ id, name, email: `${name.toLowerCase()}@team.test`, role: 'member', joinedAt: 1, updatedAt: 1, _clock: {} })
  await data.db.members.bulkInsert([member(ANA, 'Ana Lima'), member(BOB, 'Bob Smith')])
  const comment = (id: string, authorId: string, body: string, at: number) =>
    createSyncedDoc<Activity>(id, { kind: 'comment', contactId: 'c1', companyId: '', subject: '', body, mentions: [], authorId, occurredAt: at, createdAt: at } as DocFields<Activity>, `${String(at).padStart(15, '0')}-00000-x`, at)
  await data.db.activities.bulkInsert([comment('a1', ANA, '@Bob Smith please call', Date.now() - 2000), comment('a2', BOB, 'Done, @Ana Lima', Date.now() - 1000)])
  renderWithProviders(<ActivityTimeline contactId="c1" />, { data })

  const anas = await screen.findByRole('article', { name: 'Comment: Ana Lima' })
  expect(anas.querySelector(`[data-mention="${BOB}"]`)).toHaveTextContent('@Bob Smith')
  expect(screen.queryByRole('button', { name: 'Delete comment Ana Lima' })).not.toBeInTheDocument()
  expect(screen.getByRole('article', { name: 'Comment: You' })).toBeInTheDocument()
  expect(screen.getByRole('button', { name: 'Delete comment You' })).toBeInTheDocument()
})
