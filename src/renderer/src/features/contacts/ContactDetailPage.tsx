import { useState } from 'react'
import type { Contact } from '@core/schema'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { contactDialogSet, toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useData } from '../../data/dataContext'
import { useCompanies, useRxDocument } from '../../data/hooks'
import { deleteSyncedDocs, restoreSyncedDocs } from '../../data/syncedWrites'
import { RecordHeader } from '../../ui/RecordHeader'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { EmptyState } from '../../ui/EmptyState'
import { ContactPrivacyCard } from '../privacy/ContactPrivacyCard'
import { CommentComposer } from '../feed/CommentComposer'
import { FollowButton } from '../feed/FollowButton'
import { ContactScoreCard } from '../scoring/ContactScoreCard'
import { ActivityComposer } from './ActivityComposer'
import { ActivityTimeline } from './ActivityTimeline'
import { LinkedDealsCard } from '../deals/LinkedDealsCard'
import { ContactAutomationsCard } from '../workflows/ContactAutomationsCard'
import { ContactEngagementCard } from './ContactEngagementCard'
import { ContactDetailFields } from './ContactDetailFields'
import { contactDisplayName } from './contactDisplay'
import { ContactAvatar } from './ContactDetailIdentity'
import { LifecycleStagePill } from './LifecycleStagePill'

export function ContactDetailPage({ id }: { id: string }) {
  const { db } = useData()
  const contact = useRxDocument<Contact>(() => db.contacts.findOne(id), [db, id])
  if (contact === undefined) return <p className="px-6 py-4 text-sm text-slate-500">Loading…</p>
  if (contact === null) {
    return (
      <EmptyState
        title="This contact was deleted or does not exist"
        action={
          <a href={routePath({ name: 'contacts' })} className="text-sm font-medium text-accent-700 hover:underline">
            Back to contacts
          </a>
        }
      >
        It may have been deleted on this device or another one.
      </EmptyState>
    )
  }
  return <ContactDetail contact={contact} />
}

function ContactDetail({ contact }: { contact: Contact }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const companies = useCompanies()
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const name = contactDisplayName(contact)
  const company = contact.companyId ? companies?.find((candidate) => candidate.id === contact.companyId) : undefined

  const remove = async () => {
    setConfirmingDelete(false)
    try {
      const before = await deleteSyncedDocs<Contact>(db.contacts, [contact.id])
      navigate({ name: 'contacts' })
      showUndoToast(dispatch, `Deleted ${name}`, () => restoreSyncedDocs(db.contacts, before))
    } catch (error) {
      dispatch(toastShown({ message: `Could not delete ${name}: ${String(error)}`, tone: 'error' }))
    }
  }

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <RecordHeader
        parent={{ label: 'Contacts', route: { name: 'contacts' } }}
        title={name}
        onEdit={() => dispatch(contactDialogSet({ mode: 'edit', id: contact.id }))}
        onDelete={() => setConfirmingDelete(true)}
      />

      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-6">
        <section aria-label="Summary" className="flex items-center gap-4">
          <ContactAvatar contact={contact} size="lg" />
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="truncate text-xl font-semibold tracking-tight text-slate-900">{name}</h1>
              <LifecycleStagePill stage={contact.lifecycleStage} />
              <FollowButton target={{ type: 'contact', id: contact.id }} />
            </div>
            <p className="mt-0.5 text-sm text-slate-600">
              {contact.title || null}
              {contact.title && contact.companyId ? <span className="text-slate-400"> @ </span> : null}
              {company ? (
                <a href={routePath({ name: 'company', id: company.id })} className="font-medium text-accent-700 hover:underline">
                  {company.name}
                </a>
              ) : contact.companyId && companies ? (
                <span className="text-slate-400">Unknown company</span>
              ) : null}
              {!contact.title && !contact.companyId ? <span className="text-slate-400">No title or company yet</span> : null}
              {contact.email && contact.firstName + contact.lastName ? <span className="text-slate-400"> · {contact.email}</span> : null}
            </p>
          </div>
        </section>

        <div className="grid items-start gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
          <div className="flex flex-col gap-6">
            <ContactDetailFields contact={contact} />
            <LinkedDealsCard contactId={contact.id} />
            <ContactScoreCard contact={contact} />
            <ContactEngagementCard contact={contact} />
            <ContactAutomationsCard contact={contact} />
            <ContactPrivacyCard contact={contact} />
          </div>
          <section aria-labelledby="activity-heading" className="flex min-w-0 flex-col gap-4">
            <h2 id="activity-heading" className="sr-only">
              Activity
            </h2>
            <CommentComposer target={{ contactId: contact.id, companyId: contact.companyId }} />
            <ActivityComposer contact={contact} />
            <ActivityTimeline contactId={contact.id} />
          </section>
        </div>
      </div>

      <ConfirmDialog
        open={confirmingDelete}
        title={`Delete ${name}?`}
        message="The contact disappears from lists and segments. You can undo right after."
        confirmLabel="Delete contact"
        onConfirm={() => void remove()}
        onCancel={() => setConfirmingDelete(false)}
      />
    </div>
  )
}
