import { fireEvent, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Activity, Member, Setting } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { CommentComposer } from './CommentComposer'
import { FollowButton } from './FollowButton'

const ANA = '01ANA00000000000000000000A'
const BOB = '01BOB00000000000000000000B'
const opened: OutpostData[] = []

function member(id: string, name: string, email: string): Member {
  return { id, name, email, role: 'member', joinedAt: 1, updatedAt: 1, _clock: {} }
}

async function setup(signedIn = true) {
  const sessions = memorySessions(
    signedIn ? { serverUrl: 'http://127.0.0.1:9', token: 't', user: { id: ANA, email: 'ana@team.test', name: 'Ana Lima' }, workspaceId: 'W1', workspaces: [{ id: 'W1', name: 'Team', role: 'owner' }] } : null,
  )
  const data = await createTestData({ sessions })
  opened.push(data)
  await data.db.members.bulkInsert([member(ANA, 'Ana Lima', 'ana@team.test'), member(BOB, 'Bob Smith', 'bob@team.test')])
  return data
}

afterEach(async () => {
  for (const data of opened.splice(0)) await closeTestData(data)
})

describe('CommentComposer', () => {
  it('completes a mention from the keyboard and posts the comment with Ctrl+Enter; the author then follows the record', async () => {
    const data = await setup()
    const user = userEvent.setup()
    renderWithProviders(<CommentComposer target={{ contactId: 'c1', companyId: '' }} />, { data })
    const box = screen.getByRole('combobox', { name: 'Comment' })
    await user.type(box, 'Hi @b')
    const list = await screen.findByRole('listbox', { name: 'Mention a teammate' })
    expect(list).toHaveTextContent('Bob Smith')
    expect(box).toHaveAttribute('aria-expanded', 'true')
    await user.keyboard('{Enter}')
    expect(box).toHaveValue('Hi @Bob Smith ')
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument()
    await user.type(box, 'please call')
    await user.keyboard('{Control>}{Enter}{/Control}')

    await waitFor(async () => expect(await data.db.activities.count().exec()).toBe(1))
    const [comment] = (await data.db.activities.find().exec()).map((doc) => doc.toJSON() as Activity)
    expect(comment).toMatchObject({ kind: 'comment', body: 'Hi @Bob Smith please call', mentions: [BOB], authorId: ANA, contactId: 'c1' })
    expect(box).toHaveValue('')
    const follows = (await data.db.settings.find({ selector: { kind: 'follow' } }).exec()).map((doc) => doc.toJSON() as Setting)
    expect(follows).toEqual([expect.objectContaining({ memberId: ANA, targetType: 'contact', targetId: 'c1' })])
  })

  it('closes the popup with Escape without losing the text, and moves through it with the arrows', async () => {
    const data = await setup()
    const user = userEvent.setup()
    renderWithProviders(<CommentComposer target={{ contactId: 'c1' }} />, { data })
    const box = screen.getByRole('combobox', { name: 'Comment' })
    await user.type(box, '@')
    await screen.findByRole('listbox')
    // Teammates come first, yourself last.
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual(['Bob Smithbob@team.test', 'Ana Limaana@team.test' + 'you'])
    await user.keyboard('{ArrowDown}')
    expect(screen.getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument()
    expect(box).toHaveValue('@')
  })

  it('does not post an empty comment', async () => {
    const data = await setup()
    renderWithProviders(<CommentComposer target={{ contactId: 'c1' }} />, { data })
    expect(screen.getByRole('button', { name: 'Comment' })).toBeDisabled()
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Comment' }), { key: 'Enter', ctrlKey: true })
    expect(await data.db.activities.count().exec()).toBe(0)
  })
})

describe('FollowButton', () => {
  it('follows and unfollows a record for the signed-in member', async () => {
    const data = await setup()
    const user = userEvent.setup()
    renderWithProviders(<FollowButton target={{ type: 'deal', id: 'd1' }} />, { data })
    await user.click(await screen.findByRole('button', { name: /Follow/ }))
    await waitFor(() => expect(screen.getByRole('button', { name: /Following/ })).toHaveAttribute('aria-pressed', 'true'))
    expect(await data.db.settings.count({ selector: { kind: 'follow', memberId: ANA, targetId: 'd1' } }).exec()).toBe(1)
    await user.click(screen.getByRole('button', { name: /Following/ }))
    await waitFor(() => expect(screen.getByRole('button', { name: /Follow/ })).toHaveAttribute('aria-pressed', 'false'))
    expect(await data.db.settings.count({ selector: { kind: 'follow' } }).exec()).toBe(0)
  })

  it('is disabled with an explanation while local only', async () => {
    const data = await setup(false)
    renderWithProviders(<FollowButton target={{ type: 'contact', id: 'c1' }} />, { data })
    const button = screen.getByRole('button', { name: /Follow/ })
    expect(button).toBeDisabled()
    expect(button).toHaveAttribute('title', expect.stringContaining('Sign in'))
  })
})
