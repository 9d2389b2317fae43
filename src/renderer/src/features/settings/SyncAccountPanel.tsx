import { useCallback, useMemo, useState, type FormEvent, type ReactNode } from 'react'
import type { Member, MemberRole } from '@core/schema'
import { canPerform } from '@core/workspace/roles'
import { useAppDispatch, useAppSelector } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { useRxQueryResult } from '../../data/hooks'
import type { SyncAccount } from '../../data/sync/syncController'
import { platform } from '../../platform'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { Dialog } from '../../ui/Dialog'
import { SelectField, TextField } from '../../ui/Field'
import { describeSyncStatus } from '../../app/syncStatus'
import { validateInviteCode, validateWorkspaceName } from './syncForms'
import { useNow } from '../../app/useNow'
import { useOnline } from '../../app/useOnline'
import { DeleteWorkspaceDialog } from './DeleteWorkspaceDialog'
import { withMemberChanges, type MemberChange } from './memberChanges'
import { MembersTable, type MembersTableProps } from './MembersTable'
import { ROLE_LABELS } from './roleLabels'

/** Signed in: who, where, the workspace switcher, members, invites, joining, leaving and deleting. */
export function SyncAccountPanel({ account }: { account: SyncAccount }) {
  const { db } = useData()
  const memberDocs = useRxQueryResult<Member>(() => db.members.find(), [db])
  // Role changes and removals show as soon as the server accepts them; replication catches up.
  const [changes, setChanges] = useState<ReadonlyMap<string, MemberChange>>(() => new Map())
  const recordChange = useCallback((userId: string, change: MemberChange) => setChanges((current) => new Map(current).set(userId, change)), [])
  const members = useMemo(
    () => (memberDocs ? withMemberChanges(memberDocs, changes).sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email)) : undefined),
    [memberDocs, changes],
  )
  const me = members?.find((member) => member.id === account.user.id)
  const workspace = account.workspaces.find((candidate) => candidate.id === account.workspaceId)
  // The replicated membership is the truth (works offline); the cached list covers the first sync.
  const role: MemberRole = me?.role ?? workspace?.role ?? 'member'
  return (
    <div className="flex flex-col gap-6">
      <AccountSummary account={account} />
      <WorkspaceSwitcher account={account} />
      <MembersList
        members={members}
        myId={account.user.id}
        workspaceName={workspace?.name ?? 'this workspace'}
        canChangeRole={canPerform(role, 'members:change-role')}
        canRemove={canPerform(role, 'members:remove')}
        onChanged={recordChange}
      />
      {canPerform(role, 'members:invite') ? <InviteCreator /> : null}
      <JoinWorkspace />
      <LeaveWorkspace workspaceName={workspace?.name ?? 'this workspace'} isOwner={role === 'owner'} />
      {workspace && canPerform(role, 'workspace:delete') ? <DangerZone workspaceName={workspace.name} /> : null}
    </div>
  )
}

function AccountSummary({ account }: { account: SyncAccount }) {
  const syncState = useAppSelector((state) => state.sync)
  const now = useNow(20_000)
  const online = useOnline()
  const status = describeSyncStatus(syncState, Math.max(now, syncState.lastSyncedAt ?? 0), online)
  return (
    <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
      <Row label="Signed in as">
        <span className="font-medium">{account.user.name || account.user.email}</span>
        {account.user.name ? <span className="text-slate-500"> · {account.user.email}</span> : null}
      </Row>
      <Row label="Server">
        <span className="font-mono text-[13px] break-all">{account.serverUrl}</span>
      </Row>
      <Row label="Status">
        {status.label}
        {status.detail ? <span className="text-slate-500"> · {status.detail}</span> : null}
      </Row>
      {account.persisted ? null : (
        <Row label="Session">
          <span className="text-amber-800">
            {platform.kind === 'web'
              ? 'Kept for this browser tab only: you will need to sign in again in a new tab.'
              : 'This system has no keyring, so the session is kept in memory only: you will need to sign in again after a restart.'}
          </span>
        </Row>
      )}
    </dl>
  )
}

function WorkspaceSwitcher({ account }: { account: SyncAccount }) {
  const { sync } = useData()
  const dispatch = useAppDispatch()
  const [chosen, setChosen] = useState(account.workspaceId)
  const [creating, setCreating] = useState(false)
  const [switching, setSwitching] = useState(false)
  const options = account.workspaces.map((workspace) => ({ value: workspace.id, label: `${workspace.name} (${ROLE_LABELS[workspace.role]})` }))

  const open = async (event: FormEvent) => {
    event.preventDefault()
    if (chosen === account.workspaceId || switching) return
    setSwitching(true)
    const result = await sync.switchWorkspace(chosen)
    setSwitching(false)
    if (!result.ok) dispatch(toastShown({ message: result.error, tone: 'error' }))
  }

  return (
    <SubSection title="Workspace" description="Each workspace has its own data on this device. Opening another one reloads the window.">
      <form onSubmit={open} className="flex flex-wrap items-end gap-2">
        <div className="w-72 max-w-full">
          <SelectField label="Workspace" value={chosen} options={options} onChange={(event) => setChosen(event.target.value)} />
        </div>
        <Button type="submit" disabled={chosen === account.workspaceId || switching}>
          Open workspace
        </Button>
        <Button variant="ghost" onClick={() => setCreating(true)}>
          New workspace…
        </Button>
      </form>
      {creating ? <NewWorkspaceDialog onClose={() => setCreating(false)} /> : null}
    </SubSection>
  )
}

function NewWorkspaceDialog({ onClose }: { onClose: () => void }) {
  const { sync } = useData()
  const [name, setName] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    const invalid = validateWorkspaceName(name)
    if (invalid) {
      setError(invalid)
      return
    }
    setBusy(true)
    const result = await sync.createWorkspace(name)
    setBusy(false)
    if (!result.ok) setError(result.error)
    else onClose()
  }
  return (
    <Dialog
      open
      onOpenChange={(next) => (next ? undefined : onClose())}
      title="New workspace"
      description="You become its owner. Outpost opens it right away, with its own (empty) data on this device."
      width="sm"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="new-workspace-form" disabled={busy}>
            Create workspace
          </Button>
        </>
      }
    >
      <form id="new-workspace-form" onSubmit={submit} noValidate>
        <TextField
          label="Workspace name"
          value={name}
          onChange={(event) => {
            setName(event.target.value)
            setError(undefined)
          }}
          error={error}
          maxLength={100}
          autoFocus
        />
      </form>
    </Dialog>
  )
}

function MembersList({ members, ...table }: { members: Member[] | undefined } & Omit<MembersTableProps, 'members'>) {
  return (
    <SubSection title="Members" description="Everyone in this workspace. The list syncs like your data, so it is here offline too.">
      {members === undefined ? null : members.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
          Members appear once this device has synced with the server.
        </div>
      ) : (
        <MembersTable members={members} {...table} />
      )}
    </SubSection>
  )
}

function InviteCreator() {
  const { sync } = useData()
  const dispatch = useAppDispatch()
  const [role, setRole] = useState<'member' | 'admin'>('member')
  const [invite, setInvite] = useState<{ code: string; expiresAt: number; role: 'member' | 'admin' } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const create = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    const result = await sync.createInvite(role)
    setBusy(false)
    if (result.ok) setInvite({ ...result.value, role })
    else setError(result.error)
  }

  const copy = async () => {
    if (!invite) return
    try {
      await platform.copyText(invite.code)
      dispatch(toastShown({ message: 'Invite code copied' }))
    } catch {
      dispatch(toastShown({ message: 'Could not copy; select the code and copy it by hand.', tone: 'error' }))
    }
  }

  return (
    <SubSection title="Invite a teammate" description="A code works once, for 7 days. Send it to your teammate; they enter it under “Join with invite code”.">
      <form onSubmit={create} className="flex flex-wrap items-end gap-2">
        <div className="w-40">
          <SelectField
            label="Role"
            value={role}
            options={[
              { value: 'member', label: 'Member' },
              { value: 'admin', label: 'Admin' },
            ]}
            onChange={(event) => setRole(event.target.value as 'member' | 'admin')}
          />
        </div>
        <Button type="submit" variant="primary" disabled={busy}>
          Create invite code
        </Button>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {invite ? (
        <div className="flex flex-wrap items-center gap-3 rounded-lg border border-accent-100 bg-accent-50 px-4 py-3">
          <div className="min-w-0">
            <p className="text-xs text-slate-600" id="created-invite-label">
              Code for a new {ROLE_LABELS[invite.role].toLowerCase()}, valid once until {new Date(invite.expiresAt).toLocaleDateString()}
            </p>
            <output aria-labelledby="created-invite-label" className="block font-mono text-base font-semibold tracking-wider break-all text-slate-900 select-all">
              {invite.code}
            </output>
          </div>
          <Button size="sm" onClick={() => void copy()}>
            Copy code
          </Button>
        </div>
      ) : null}
    </SubSection>
  )
}

function JoinWorkspace() {
  const { sync } = useData()
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const join = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    const invalid = validateInviteCode(code)
    if (invalid) {
      setError(invalid)
      return
    }
    setBusy(true)
    const result = await sync.joinWorkspace(code)
    setBusy(false)
    if (!result.ok) setError(result.error)
  }
  return (
    <SubSection title="Join with invite code" description="Joining opens that workspace; this one stays available in the switcher.">
      <form onSubmit={join} noValidate className="flex flex-wrap items-start gap-2">
        <div className="w-72 max-w-full">
          <TextField
            label="Invite code"
            value={code}
            onChange={(event) => {
              setCode(event.target.value)
              setError(undefined)
            }}
            error={error}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
        </div>
        <Button type="submit" disabled={busy} className="mt-5">
          Join workspace
        </Button>
      </form>
    </SubSection>
  )
}

function LeaveWorkspace({ workspaceName, isOwner }: { workspaceName: string; isOwner: boolean }) {
  const { sync } = useData()
  const dispatch = useAppDispatch()
  const [confirming, setConfirming] = useState(false)
  const leave = async () => {
    setConfirming(false)
    const result = await sync.leaveWorkspace()
    if (!result.ok) dispatch(toastShown({ message: result.error, tone: 'error' }))
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="danger-ghost" disabled={isOwner} onClick={() => setConfirming(true)}>
        Leave workspace
      </Button>
      <span className="text-xs text-slate-500">
        {isOwner ? 'The owner cannot leave their own workspace; delete it below instead.' : 'You lose access to its data on the server; what is on this device stays.'}
      </span>
      <ConfirmDialog
        open={confirming}
        title={`Leave “${workspaceName}”?`}
        message="You stop receiving its changes and can come back only with a new invite code."
        confirmLabel="Leave workspace"
        onConfirm={() => void leave()}
        onCancel={() => setConfirming(false)}
      />
    </div>
  )
}

function DangerZone({ workspaceName }: { workspaceName: string }) {
  const [deleting, setDeleting] = useState(false)
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-medium text-red-800">Danger zone</h3>
      <div className="flex flex-wrap items-center justify-between gap-x-6 gap-y-3 rounded-lg border border-red-200 px-4 py-3">
        <div className="min-w-0 flex-1 basis-80">
          <p className="text-sm font-medium text-slate-900">Delete this workspace</p>
          <p className="mt-0.5 text-sm text-slate-600">
            Every member loses access to “{workspaceName}” and its data on the server. This cannot be undone; what is already on each device stays there.
          </p>
        </div>
        <Button variant="danger" onClick={() => setDeleting(true)}>
          Delete workspace
        </Button>
      </div>
      {deleting ? <DeleteWorkspaceDialog workspaceName={workspaceName} onClose={() => setDeleting(false)} /> : null}
    </div>
  )
}

function SubSection({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-2">
      <div>
        <h3 className="text-sm font-medium text-slate-900">{title}</h3>
        <p className="mt-0.5 text-sm text-slate-600">{description}</p>
      </div>
      {children}
    </div>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] gap-2 px-4 py-2">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  )
}
