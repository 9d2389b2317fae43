import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef, useState } from 'react'
import type { Contact } from '@core/schema'
import { routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { contactsByName, isSuppressed } from '../../data/audience'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion } from '../../data/hooks'
import { Button } from '../../ui/Button'
import { contactDisplayName, formatCount, pluralize } from '../contacts/contactDisplay'
import { AddListMembersDialog } from './AddListMembersDialog'
import { PlusIcon } from '../../ui/icons'
import { changeListMembership } from './staticListWrites'

const ROW_HEIGHT = 52

/** A static list's members (contacts carrying the list id), with add and remove. */
export function StaticListMembers({ list }: { list: { id: string; name: string } }) {
  const { db, contacts: index } = useData()
  const dispatch = useAppDispatch()
  const version = useContactIndexVersion(index)
  const [adding, setAdding] = useState(false)
  const members = useMemo(() => {
    void version
    const result: Contact[] = []
    for (const contact of contactsByName(index)) if (contact.lists?.includes(list.id)) result.push(contact)
    return result
  }, [index, version, list.id])
  const suppressed = useMemo(() => members.filter(isSuppressed).length, [members])

  const removeMember = async (contact: Contact) => {
    try {
      await changeListMembership(db.contacts, list.id, [contact.id], 'remove')
      showUndoToast(dispatch, `Removed ${contactDisplayName(contact)} from ${list.name}`, async () => {
        await changeListMembership(db.contacts, list.id, [contact.id], 'add')
      })
    } catch (error) {
      dispatch(toastShown({ message: `Could not remove ${contactDisplayName(contact)}: ${String(error)}`, tone: 'error' }))
    }
  }

  return (
    <section aria-labelledby="members-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="members-heading" className="text-sm font-semibold text-slate-900">
            Members
          </h2>
          <p role="status" aria-label="Audience" className="text-sm text-slate-600 tabular-nums">
            {pluralize(members.length - suppressed, 'contact')}
            {suppressed > 0 ? ` · ${formatCount(suppressed)} unsubscribed or bounced excluded` : ''}
          </p>
        </div>
        <Button variant="primary" onClick={() => setAdding(true)}>
          <PlusIcon />
          Add contacts matching…
        </Button>
      </div>
      {members.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 px-4 py-10 text-center">
          <p className="text-sm font-medium text-slate-800">This list is empty</p>
          <p className="mt-1 text-sm text-slate-500">
            Add the contacts of a segment, or the ones the Contacts screen shows or has selected. Members stay until you remove them.
          </p>
        </div>
      ) : (
        <MemberTable members={members} onRemove={(contact) => void removeMember(contact)} />
      )}
      {adding ? <AddListMembersDialog list={list} onClose={() => setAdding(false)} /> : null}
    </section>
  )
}

function MemberTable({ members, onRemove }: { members: readonly Contact[]; onRemove: (contact: Contact) => void }) {
  const { contacts: index } = useData()
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be used this way
  const virtualizer = useVirtualizer({ count: members.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 })
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <div ref={scrollRef} className="max-h-[32rem] overflow-y-auto">
        <ul aria-label="Members" className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const contact = members[item.index]
            if (!contact) return null
            const company = index.companyName(contact.companyId)
            return (
              <li
                key={contact.id}
                className="absolute inset-x-0 top-0 flex items-center gap-3 border-b border-slate-100 px-4"
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              >
                <a href={routePath({ name: 'contact', id: contact.id })} className="min-w-0 flex-1 text-sm hover:underline">
                  <span className="block truncate font-medium text-slate-900">{contactDisplayName(contact)}</span>
                  <span className="block truncate text-xs text-slate-500">{[contact.email, company].filter(Boolean).join(' · ')}</span>
                </a>
                {isSuppressed(contact) ? (
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{contact.bounced ? 'Bounced' : 'Unsubscribed'}</span>
                ) : null}
                <Button size="sm" variant="danger-ghost" aria-label={`Remove ${contactDisplayName(contact)}`} onClick={() => onRemove(contact)}>
                  Remove
                </Button>
              </li>
            )
          })}
        </ul>
      </div>
    </div>
  )
}
