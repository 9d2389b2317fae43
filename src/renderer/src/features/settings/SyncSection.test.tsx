import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { OutpostData } from '../../data/dataContext'
import { pendingChanges } from '../../data/sync/pendingChanges'
import { webPlatform } from '../../platform/web'
import { FakeSyncServer } from '../../test/fakeSyncServer'
import { closeTestData, createTestData, memoryKeyValueStore, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { SettingsPage } from './SettingsPage'
import { SyncSection } from './SyncSection'

// Driven like a person would, against the in-memory sync server behind a stubbed fetch:
// the network boundary is the only thing replaced.

const opened: OutpostData[] = []

async function setup(options: { server?: FakeSyncServer; persisted?: boolean; storage?: ReturnType<typeof memoryKeyValueStore> } = {}) {
  const server = options.server ?? new FakeSyncServer()
  const sessions = memorySessions(null, options.persisted ?? true)
  const reload = vi.fn()
  const data = await createTestData({ fetch: server.fetch, sessions, reload, storage: options.storage })
  opened.push(data)
  const user = userEvent.setup()
  renderWithProviders(<SyncSection />, { data })
  return { server, sessions, reload, data, user }
}

async function signUp(user: ReturnType<typeof userEvent.setup>, values: { name?: string; email?: string; password?: string; workspace?: string } = {}) {
  await user.type(screen.getByLabelText('Email'), values.email ?? 'ada@example.com')
  await user.type(screen.getByLabelText('Password'), values.password ?? 'correct horse')
  await user.type(screen.getByLabelText('Name'), values.name ?? 'Ada Lovelace')
  await user.type(screen.getByLabelText('Workspace name'), values.workspace ?? 'Analytical Engines')
  await user.click(screen.getByRole('button', { name: 'Sign up' }))
}

afterEach(async () => {
  for (const data of opened.splice(0)) {
    await closeTestData(data)
  }
  pendingChanges.setTracking(false)
  vi.restoreAllMocks()
})

describe('Settings → Sync', () => {
  it('is part of the Settings page', async () => {
    const data = await createTestData()
    opened.push(data)
    renderWithProviders(<SettingsPage />, { data })
    expect(screen.getByRole('region', { name: 'Sync' })).toBeInTheDocument()
    // The sections around it finish loading before the test ends.
    expect(await screen.findByText(/No custom fields yet/)).toBeInTheDocument()
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'About' })).queryByText('…')).not.toBeInTheDocument())
  })

  it('offers log in and sign up with the local server as default', async () => {
    await setup()
    expect(screen.getByText(/Local only: everything is saved on this device/)).toBeInTheDocument()
    expect(screen.getByLabelText('Server URL')).toHaveValue('http://127.0.0.1:3100')
    for (const label of ['Email', 'Password', 'Name', 'Workspace name']) expect(screen.getByLabelText(label)).toHaveValue('')
    expect(screen.getByRole('button', { name: 'Log in' })).toBeEnabled()
    expect(screen.getByRole('button', { name: 'Sign up' })).toBeEnabled()
    expect(screen.queryByRole('button', { name: 'Log out' })).not.toBeInTheDocument()
    // A fresh device: the first sign-in takes the local data along, and the form says so.
    expect(screen.getByText('The first workspace you sign into receives what is already on this device.')).toBeInTheDocument()
    expect(screen.getByText(/What is on this device now goes into it\./)).toBeInTheDocument()
  })

  it('tells a device whose local data already belongs to a workspace that a new one starts empty', async () => {
    await setup({ storage: memoryKeyValueStore({ 'outpost.localDatabaseOwner': 'W-OTHER' }) })
    expect(screen.queryByText(/receives what is already on this device/)).not.toBeInTheDocument()
    expect(screen.getByText(/It starts empty/)).toBeInTheDocument()
  })

  it('shows each problem next to its field and sends nothing', async () => {
    const { server, user } = await setup()
    await user.click(screen.getByRole('button', { name: 'Log in' }))
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email address.')
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.')

    await user.clear(screen.getByLabelText('Server URL'))
    await user.type(screen.getByLabelText('Server URL'), 'http://sync.example.com')
    await user.type(screen.getByLabelText('Email'), 'ada@example')
    await user.type(screen.getByLabelText('Password'), 'short')
    await user.click(screen.getByRole('button', { name: 'Sign up' }))
    expect(screen.getByLabelText('Server URL')).toHaveAccessibleDescription(/Plain http:\/\/ works only for a server on this computer/)
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter an email address like ada@example.com.')
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Use at least 8 characters.')
    expect(screen.getByLabelText('Workspace name')).toHaveAccessibleDescription('Name the workspace, e.g. your team or company.')
    expect(server.requests).toEqual([])

    // Fixing a field clears its message.
    await user.type(screen.getByLabelText('Workspace name'), 'Engines')
    expect(screen.getByLabelText('Workspace name')).not.toHaveAccessibleDescription(/Name the workspace/)
  })

  it("shows the server's message, and a clear one when the server cannot be reached", async () => {
    const server = new FakeSyncServer()
    server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    const { user, sessions } = await setup({ server })
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'wrong password{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.')

    server.unreachable = true
    await user.click(screen.getByRole('button', { name: 'Log in' }))
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Cannot reach the sync server at http://127.0.0.1:3100'))
    expect(sessions.current).toBeNull()
  })

  it('signs up, then shows the account, the members from the replicated list and an invite code to copy', async () => {
    const { user, sessions } = await setup({ persisted: false })
    await signUp(user)

    expect(await screen.findByRole('button', { name: 'Log out' })).toBeInTheDocument()
    expect(screen.getByText('Ada Lovelace')).toBeInTheDocument()
    expect(screen.getByText('http://127.0.0.1:3100')).toBeInTheDocument()
    expect(screen.getByText(/Kept for this browser tab only/)).toBeInTheDocument()
    expect(sessions.current?.user.email).toBe('ada@example.com')

    const members = await screen.findByRole('table', { name: 'Members' })
    expect(within(members).getByRole('rowheader', { name: 'Ada Lovelace (you)' })).toBeInTheDocument()
    expect(within(members).getByRole('cell', { name: 'Owner' })).toBeInTheDocument()

    const copy = vi.spyOn(webPlatform, 'copyText').mockResolvedValue()
    await user.selectOptions(screen.getByLabelText('Role'), 'Admin')
    await user.click(screen.getByRole('button', { name: 'Create invite code' }))
    const code = await screen.findByRole('status', { name: /Code for a new admin/ })
    expect(code.textContent).toMatch(/^INV-\d+$/)
    await user.click(screen.getByRole('button', { name: 'Copy code' }))
    expect(copy).toHaveBeenCalledWith(code.textContent)
    // The join field stays the only thing labelled "Invite code".
    expect(screen.getAllByLabelText(/invite code/i)).toHaveLength(1)
  })

  it('joins with an invite code, refusing an empty or unknown one, and logs out back to the form', async () => {
    const server = new FakeSyncServer()
    const { user, reload, sessions } = await setup({ server })
    await signUp(user)
    await screen.findByRole('button', { name: 'Log out' })

    await user.click(screen.getByRole('button', { name: 'Join workspace' }))
    expect(screen.getByLabelText('Invite code')).toHaveAccessibleDescription('Paste the invite code a teammate sent you.')
    await user.type(screen.getByLabelText('Invite code'), 'NOPE{Enter}')
    await waitFor(() => expect(screen.getByLabelText('Invite code')).toHaveAccessibleDescription('This invite code is unknown, used or expired.'))
    expect(reload).not.toHaveBeenCalled()

    const other = server.seedAccount('grace@example.com', 'navy cobol', 'Grace', 'Navy')
    server.invites.set('GOOD-1', { workspaceId: other.workspaceId, role: 'member', used: false })
    await user.clear(screen.getByLabelText('Invite code'))
    await user.type(screen.getByLabelText('Invite code'), 'GOOD-1')
    await user.click(screen.getByRole('button', { name: 'Join workspace' }))
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1))
    expect(sessions.current?.workspaceId).toBe(other.workspaceId)

    await user.click(screen.getByRole('button', { name: 'Log out' }))
    expect(await screen.findByRole('button', { name: 'Log in' })).toBeInTheDocument()
    expect(sessions.current).toBeNull()
  })

  it('switches workspace from the list and creates a new one in a dialog', async () => {
    const server = new FakeSyncServer()
    const { userId, workspaceId } = server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    const looms = server.createWorkspace('Looms', userId)
    const storage = memoryKeyValueStore({ 'outpost.localDatabaseOwner': workspaceId })
    const { user, reload, sessions } = await setup({ server, storage })
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'correct horse{Enter}')

    const switcher = await screen.findByLabelText('Workspace')
    expect(within(switcher).getAllByRole('option').map((option) => option.textContent)).toEqual(['Engines (Owner)', 'Looms (Owner)'])
    expect(screen.getByRole('button', { name: 'Open workspace' })).toBeDisabled()
    await user.selectOptions(switcher, 'Looms (Owner)')
    await user.click(screen.getByRole('button', { name: 'Open workspace' }))
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1))
    expect(sessions.current?.workspaceId).toBe(looms)

    await user.click(screen.getByRole('button', { name: 'New workspace…' }))
    const dialog = await screen.findByRole('dialog', { name: 'New workspace' })
    await user.click(within(dialog).getByRole('button', { name: 'Create workspace' }))
    expect(within(dialog).getByLabelText('Workspace name')).toHaveAccessibleDescription('Name the workspace, e.g. your team or company.')
    await user.type(within(dialog).getByLabelText('Workspace name'), 'Printing press{Enter}')
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(reload).toHaveBeenCalledTimes(2)
    expect(sessions.current?.workspaces.map((workspace) => workspace.name)).toContain('Printing press')
  })
})

describe('Settings → Sync: managing members', () => {
  /** Ada owns "Engines", where Alan is an admin and Grace a member (each also owns a workspace of their own). */
  function seedTeam() {
    const server = new FakeSyncServer()
    const ada = server.seedAccount('ada@example.com', 'correct horse', 'Ada Lovelace', 'Engines')
    const alan = server.seedAccount('alan@example.com', 'enigma machine', 'Alan Turing', 'Bletchley')
    const grace = server.seedAccount('grace@example.com', 'navy cobol', 'Grace Hopper', 'Navy')
    server.addMember(ada.workspaceId, alan.userId, 'admin')
    server.addMember(ada.workspaceId, grace.userId, 'member')
    return { server, ada, alan, grace, workspaceId: ada.workspaceId }
  }

  /** Logs into Engines (its database is the open one) and waits for the replicated members. */
  async function logInToEngines(team: ReturnType<typeof seedTeam>, email: string, password: string) {
    const context = await setup({ server: team.server, storage: memoryKeyValueStore({ 'outpost.localDatabaseOwner': team.workspaceId }) })
    await context.user.type(screen.getByLabelText('Email'), email)
    await context.user.type(screen.getByLabelText('Password'), `${password}{Enter}`)
    const table = await screen.findByRole('table', { name: 'Members' })
    await within(table).findByRole('rowheader', { name: /Grace Hopper/ })
    return { ...context, table }
  }

  it('shows a member the list without any way to manage it', async () => {
    const team = seedTeam()
    const { table } = await logInToEngines(team, 'grace@example.com', 'navy cobol')
    expect(within(table).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper (you)'])
    expect(screen.queryByRole('combobox', { name: /^Role for/ })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /^Remove / })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Delete workspace' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Create invite code' })).not.toBeInTheDocument()
  })

  it('lets an admin change a role and remove a member, showing the server’s answer before replication catches up', async () => {
    const team = seedTeam()
    const { user, data, table } = await logInToEngines(team, 'alan@example.com', 'enigma machine')
    // Neither the owner nor oneself can be managed here; only the owner deletes the workspace.
    expect(within(table).queryByRole('combobox', { name: 'Role for Ada Lovelace' })).not.toBeInTheDocument()
    expect(within(table).queryByRole('button', { name: 'Remove Ada Lovelace' })).not.toBeInTheDocument()
    expect(within(table).queryByRole('combobox', { name: 'Role for Alan Turing' })).not.toBeInTheDocument()
    expect(within(table).queryByRole('button', { name: 'Remove Alan Turing' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Delete workspace' })).not.toBeInTheDocument()

    // Replication stalls: what the table shows can only come from the server's answers.
    team.server.failReplicationWith = 500
    team.server.closeStreams()
    const role = within(table).getByRole('combobox', { name: 'Role for Grace Hopper' })
    expect(role).toHaveValue('member')
    await user.selectOptions(role, 'Admin')
    await waitFor(() => expect(team.server.workspaces.get(team.workspaceId)?.members.get(team.grace.userId)?.role).toBe('admin'))
    await waitFor(() => expect(role).toHaveValue('admin'))
    expect((await data.db.members.findOne(team.grace.userId).exec())?.role).toBe('member')

    await user.click(within(table).getByRole('button', { name: 'Remove Grace Hopper' }))
    const dialog = await screen.findByRole('dialog', { name: 'Remove Grace Hopper?' })
    expect(dialog).toHaveAccessibleDescription(/Grace Hopper \(grace@example\.com\) loses access to “Engines”/)
    await user.click(within(dialog).getByRole('button', { name: 'Remove member' }))
    await waitFor(() => expect(within(table).queryByRole('rowheader', { name: 'Grace Hopper' })).not.toBeInTheDocument())
    expect(team.server.workspaces.get(team.workspaceId)?.members.has(team.grace.userId)).toBe(false)
    expect(await data.db.members.findOne(team.grace.userId).exec()).not.toBeNull()

    // Replication resumes and agrees.
    team.server.failReplicationWith = null
    await waitFor(async () => expect(await data.db.members.findOne(team.grace.userId).exec()).toBeNull())
    expect(within(table).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['Ada Lovelace', 'Alan Turing (you)'])
  })

  it('gives the owner controls on everyone but their own row', async () => {
    const team = seedTeam()
    const { table } = await logInToEngines(team, 'ada@example.com', 'correct horse')
    expect(within(table).getByRole('rowheader', { name: 'Ada Lovelace (you)' })).toBeInTheDocument()
    expect(within(table).queryByRole('combobox', { name: 'Role for Ada Lovelace' })).not.toBeInTheDocument()
    expect(within(table).queryByRole('button', { name: 'Remove Ada Lovelace' })).not.toBeInTheDocument()
    expect(within(table).getByRole('cell', { name: 'Owner' })).toBeInTheDocument()
    expect(within(table).getByRole('combobox', { name: 'Role for Alan Turing' })).toHaveValue('admin')
    expect(within(table).getByRole('button', { name: 'Remove Alan Turing' })).toBeInTheDocument()
    expect(within(table).getByRole('combobox', { name: 'Role for Grace Hopper' })).toHaveValue('member')
    expect(within(table).getByRole('button', { name: 'Remove Grace Hopper' })).toBeInTheDocument()
  })

  it('shows the server’s refusal and an unreachable server next to the member', async () => {
    const team = seedTeam()
    const { user, table } = await logInToEngines(team, 'alan@example.com', 'enigma machine')
    // Someone else removed Grace a moment ago; this device has not heard yet.
    team.server.workspaces.get(team.workspaceId)?.members.delete(team.grace.userId)
    const role = within(table).getByRole('combobox', { name: 'Role for Grace Hopper' })
    await user.selectOptions(role, 'Admin')
    expect(await within(table).findByRole('alert')).toHaveTextContent('Member not found.')
    expect(role).toHaveAccessibleDescription('Member not found.')
    expect(role).toHaveValue('member')

    team.server.unreachable = true
    await user.click(within(table).getByRole('button', { name: 'Remove Grace Hopper' }))
    await user.click(within(await screen.findByRole('dialog', { name: 'Remove Grace Hopper?' })).getByRole('button', { name: 'Remove member' }))
    await waitFor(() => expect(within(table).getByRole('alert')).toHaveTextContent('Cannot reach the sync server at http://127.0.0.1:3100'))
    expect(within(table).getByRole('button', { name: 'Remove Grace Hopper' })).toHaveAccessibleDescription(/Cannot reach the sync server/)
    expect(within(table).getByRole('rowheader', { name: 'Grace Hopper' })).toBeInTheDocument()
  })

  it('deletes the workspace only once its name is typed, then signs out with a clear message', async () => {
    const team = seedTeam()
    const { user, sessions } = await logInToEngines(team, 'ada@example.com', 'correct horse')
    await user.click(screen.getByRole('button', { name: 'Delete workspace' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete “Engines”?' })
    const confirm = within(dialog).getByRole('button', { name: 'Delete workspace' })
    const name = within(dialog).getByLabelText('Type “Engines” to confirm')
    expect(name).toHaveFocus()
    expect(confirm).toBeDisabled()
    await user.type(name, 'engines{Enter}')
    expect(confirm).toBeDisabled()
    expect(team.server.requests).not.toContain('DELETE /api/workspace')

    await user.clear(name)
    await user.type(name, 'Engines')
    expect(confirm).toBeEnabled()
    team.server.unreachable = true
    await user.click(confirm)
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Cannot reach the sync server at http://127.0.0.1:3100')
    expect(team.server.workspaces.has(team.workspaceId)).toBe(true)

    team.server.unreachable = false
    await user.click(confirm)
    expect(await screen.findByRole('button', { name: 'Log in' })).toBeInTheDocument()
    expect(team.server.workspaces.has(team.workspaceId)).toBe(false)
    expect(sessions.current).toBeNull()
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.getByRole('status')).toHaveTextContent('Deleted “Engines” for everyone. You belong to no other workspace, so you are signed out')
    await user.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('status')).not.toBeInTheDocument()
  })
})
