import { useId, useRef, useState } from 'react'
import type { Member } from '@core/schema'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { inputClass } from '../../ui/Field'
import type { MemberChange } from './memberChanges'
import { ROLE_LABELS } from './roleLabels'

export interface MembersTableProps {
  members: readonly Member[]
  myId: string
  workspaceName: string
  /** What the signed-in user's role allows on other members; the owner and oneself are never managed here. */
  canChangeRole: boolean
  canRemove: boolean
  /** A change the server acknowledged, shown before replication brings it. */
  onChanged: (userId: string, change: MemberChange) => void
}

/** The members, with role and remove controls for owners and admins. */
export function MembersTable({ members, myId, workspaceName, canChangeRole, canRemove, onChanged }: MembersTableProps) {
  const tableRef = useRef<HTMLTableElement>(null)
  const columns = canRemove ? 4 : 3
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200">
      <table ref={tableRef} tabIndex={-1} className="w-full table-fixed text-sm focus:outline-none" aria-label="Members">
        <thead className="bg-slate-50 text-left text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="w-[32%] px-4 py-2">
              Name
            </th>
            <th scope="col" className="px-4 py-2">
              Email
            </th>
            <th scope="col" className={`${canChangeRole ? 'w-36' : 'w-32'} px-4 py-2`}>
              Role
            </th>
            {canRemove ? (
              <th scope="col" className="w-28 px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((member) => {
            // The owner's role is fixed and the owner cannot be removed; oneself leaves below instead.
            const manageable = member.role !== 'owner' && member.id !== myId
            return (
              <MemberRow
                key={member.id}
                member={member}
                isMe={member.id === myId}
                columns={columns}
                workspaceName={workspaceName}
                canChangeRole={canChangeRole && manageable}
                canRemove={canRemove && manageable}
                showActions={canRemove}
                // Rows with a select are taller; keep them all alike.
                rowClass={canChangeRole ? 'h-11' : ''}
                onChanged={onChanged}
                onRemoved={() => tableRef.current?.focus()}
              />
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

interface MemberRowProps {
  member: Member
  isMe: boolean
  columns: number
  workspaceName: string
  canChangeRole: boolean
  canRemove: boolean
  showActions: boolean
  rowClass: string
  onChanged: (userId: string, change: MemberChange) => void
  onRemoved: () => void
}

function MemberRow({ member, isMe, columns, workspaceName, canChangeRole, canRemove, showActions, rowClass, onChanged, onRemoved }: MemberRowProps) {
  const { sync } = useData()
  const errorId = useId()
  const [pendingRole, setPendingRole] = useState<'admin' | 'member' | null>(null)
  const [removing, setRemoving] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // Arrow keys on a closed select change it step by step: send the changes one after another, so the last one wins.
  const roleQueue = useRef<Promise<void>>(Promise.resolve())
  const latestRoleRequest = useRef(0)
  const displayName = member.name || member.email

  const changeRole = (role: 'admin' | 'member') => {
    const request = ++latestRoleRequest.current
    const basedOn = member.updatedAt
    setPendingRole(role)
    setError(null)
    roleQueue.current = roleQueue.current.then(async () => {
      const result = await sync.changeMemberRole(member.id, role)
      if (result.ok) onChanged(member.id, { basedOn, role: result.value.role })
      else setError(result.error)
      if (request === latestRoleRequest.current) setPendingRole(null)
    })
  }

  const remove = async () => {
    setConfirming(false)
    if (removing) return
    const basedOn = member.updatedAt
    setRemoving(true)
    setError(null)
    const result = await sync.removeMember(member.id)
    setRemoving(false)
    if (result.ok) {
      onChanged(member.id, { basedOn, role: null })
      onRemoved()
    } else {
      setError(result.error)
    }
  }

  const describedBy = error ? errorId : undefined
  return (
    <>
      <tr className={rowClass}>
        <th scope="row" className="truncate px-4 py-2 text-left font-medium text-slate-900">
          {displayName}
          {isMe ? (
            <>
              {' '}
              <span className="text-xs font-normal text-slate-500">(you)</span>
            </>
          ) : null}
        </th>
        <td className="truncate px-4 py-2 text-slate-700">{member.email}</td>
        {canChangeRole ? (
          <td className="px-4 py-1.5">
            <select
              aria-label={`Role for ${displayName}`}
              aria-describedby={describedBy}
              value={pendingRole ?? member.role}
              onChange={(event) => changeRole(event.target.value as 'admin' | 'member')}
              className={`${inputClass} cursor-pointer`}
            >
              <option value="admin">{ROLE_LABELS.admin}</option>
              <option value="member">{ROLE_LABELS.member}</option>
            </select>
          </td>
        ) : (
          <td className="px-4 py-2 text-slate-700">{ROLE_LABELS[member.role]}</td>
        )}
        {showActions ? (
          <td className="px-4 py-1.5 text-right">
            {canRemove ? (
              <Button
                size="sm"
                variant="danger-ghost"
                aria-label={`Remove ${displayName}`}
                aria-describedby={describedBy}
                onClick={() => setConfirming(true)}
              >
                {removing ? 'Removing…' : 'Remove'}
              </Button>
            ) : null}
          </td>
        ) : null}
      </tr>
      {error ? (
        <tr>
          <td colSpan={columns} className="bg-red-50 px-4 py-1.5">
            <p id={errorId} role="alert" className="text-xs text-red-700">
              {error}
            </p>
          </td>
        </tr>
      ) : null}
      {canRemove ? (
        <ConfirmDialog
          open={confirming}
          title={`Remove ${displayName}?`}
          message={`${member.name ? `${member.name} (${member.email})` : member.email} loses access to “${workspaceName}” on the server; what is on their devices stays there. A new invite code brings them back.`}
          confirmLabel="Remove member"
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </>
  )
}
