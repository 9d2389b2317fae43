import { useMemo, useState, type ReactNode } from 'react'
import type { Company, Contact } from '@core/schema'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { companyDialogSet, toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion, useRxDocument } from '../../data/hooks'
import { deleteSyncedDocs, patchSyncedDocs, restoreSyncedDocs } from '../../data/syncedWrites'
import { platform } from '../../platform'
import { Button } from '../../ui/Button'
import { RecordHeader } from '../../ui/RecordHeader'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { EmptyState } from '../../ui/EmptyState'
import { contactDisplayName } from '../contacts/contactDisplay'
import { ContactAvatar } from '../contacts/ContactDetailIdentity'
import { LifecycleStagePill } from '../contacts/LifecycleStagePill'
import { LinkedDealsCard } from '../deals/LinkedDealsCard'
import { CompanyAvatar } from './CompanyAvatar'
import { companyLocation } from './companyInput'

const CONTACTS_PAGE = 100
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

export function CompanyDetailPage({ id }: { id: string }) {
  const { db } = useData()
  const company = useRxDocument<Company>(() => db.companies.findOne(id), [db, id])
  if (company === undefined) return <p className="px-6 py-4 text-sm text-slate-500">Loading…</p>
  if (company === null) {
    return (
      <EmptyState title="This company was deleted or does not exist" action={<Button onClick={() => navigate({ name: 'companies' })}>Back to companies</Button>}>
        It may have been deleted on this device or another one.
      </EmptyState>
    )
  }
  return <CompanyDetail company={company} />
}

function CompanyDetail({ company }: { company: Company }) {
  const { db, contacts: index } = useData()
  const dispatch = useAppDispatch()
  const version = useContactIndexVersion(index)
  const contacts = useMemo(() => {
    void version
    return index.contactsOfCompany(company.id).sort((a, b) => collator.compare(contactDisplayName(a), contactDisplayName(b)))
  }, [index, company.id, version])
  const [confirmingDelete, setConfirmingDelete] = useState(false)

  const remove = async () => {
    setConfirmingDelete(false)
    const contactIds = contacts.map((contact) => contact.id)
    try {
      const before = await deleteSyncedDocs<Company>(db.companies, [company.id])
      // Contacts stay; unlinking them means no row points at a company that is gone.
      await patchSyncedDocs<Contact>(db.contacts, contactIds, (contact) => (contact.companyId === company.id ? { companyId: '' } : null))
      navigate({ name: 'companies' })
      showUndoToast(dispatch, `Deleted ${company.name}`, async () => {
        await restoreSyncedDocs(db.companies, before)
        // Re-link only contacts nobody has linked elsewhere since.
        await patchSyncedDocs<Contact>(db.contacts, contactIds, (contact) => (contact.companyId === '' ? { companyId: company.id } : null))
      })
    } catch (error) {
      dispatch(toastShown({ message: `Could not delete ${company.name}: ${String(error)}`, tone: 'error' }))
    }
  }

  const location = companyLocation(company)
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <RecordHeader
        parent={{ label: 'Companies', route: { name: 'companies' } }}
        title={company.name}
        onEdit={() => dispatch(companyDialogSet({ mode: 'edit', id: company.id }))}
        onDelete={() => setConfirmingDelete(true)}
      />

      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-6">
        <section aria-label="Summary" className="flex items-center gap-4">
          <CompanyAvatar name={company.name} size="lg" />
          <div className="min-w-0">
            <h1 className="truncate text-xl font-semibold tracking-tight text-slate-900">{company.name}</h1>
            <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-sm text-slate-600">
              {company.domain ? (
                <button
                  type="button"
                  onClick={() => void platform.openExternal(`https://${company.domain}`)}
                  className="text-accent-700 hover:underline"
                >
                  {company.domain}
                </button>
              ) : null}
              {[company.industry, location].filter(Boolean).map((part) => (
                <span key={part} className="before:mr-2 before:text-slate-300 before:content-['·'] first:before:hidden">
                  {part}
                </span>
              ))}
            </p>
            {company.tags.length > 0 ? (
              <ul aria-label="Tags" className="mt-2 flex flex-wrap gap-1">
                {company.tags.map((tag) => (
                  <li key={tag} className="rounded-full bg-accent-50 px-2 py-0.5 text-xs text-accent-700">
                    {tag}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </section>

        <div className="grid items-start gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
          <div className="flex flex-col gap-6">
            <section aria-labelledby="company-details-heading" className="rounded-lg border border-slate-200">
              <h2 id="company-details-heading" className="border-b border-slate-100 px-4 py-2.5 text-sm font-semibold text-slate-900">
                Details
              </h2>
              <dl className="divide-y divide-slate-100 text-sm">
                <Property label="Domain">{company.domain}</Property>
                <Property label="Industry">{company.industry}</Property>
                <Property label="Employees">{company.employees === undefined ? '' : company.employees.toLocaleString()}</Property>
                <Property label="Phone">{company.phone}</Property>
                <Property label="City">{company.city}</Property>
                <Property label="Country">{company.country}</Property>
                <Property label="Added">{new Date(company.createdAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}</Property>
              </dl>
            </section>
            <LinkedDealsCard companyId={company.id} />
          </div>
          <CompanyContacts contacts={contacts} />
        </div>
      </div>

      <ConfirmDialog
        open={confirmingDelete}
        title={`Delete ${company.name}?`}
        message={
          contacts.length > 0
            ? `Its ${contacts.length.toLocaleString()} ${contacts.length === 1 ? 'contact stays' : 'contacts stay'} but will no longer be linked to a company.`
            : 'No contacts are linked to it.'
        }
        confirmLabel="Delete company"
        onConfirm={() => void remove()}
        onCancel={() => setConfirmingDelete(false)}
      />
    </div>
  )
}

function Property({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6.5rem_minmax(0,1fr)] gap-2 px-4 py-2">
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-words text-slate-900">{children || <span className="text-slate-400">—</span>}</dd>
    </div>
  )
}

function CompanyContacts({ contacts }: { contacts: readonly Contact[] }) {
  // Rendering is capped and paged: a big account can hold thousands of people.
  const [shown, setShown] = useState(CONTACTS_PAGE)
  return (
    <section aria-labelledby="company-contacts-heading" className="rounded-lg border border-slate-200">
      <h2 id="company-contacts-heading" className="flex items-center gap-2 border-b border-slate-100 px-4 py-2.5 text-sm font-semibold text-slate-900">
        Contacts
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 tabular-nums">{contacts.length.toLocaleString()}</span>
      </h2>
      {contacts.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-600">
          No contacts work here yet. Open a contact and choose this company in its <span className="font-medium">Company</span> field.
        </p>
      ) : (
        <>
          <ul aria-label="Contacts at this company" className="divide-y divide-slate-100">
            {contacts.slice(0, shown).map((contact) => (
              <li key={contact.id}>
                <a
                  href={routePath({ name: 'contact', id: contact.id })}
                  className="grid grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_10rem] items-center gap-3 px-4 py-2 text-sm hover:bg-slate-50"
                >
                  <span className="flex min-w-0 items-center gap-2.5">
                    <ContactAvatar contact={contact} />
                    <span className="min-w-0">
                      <span className="block truncate font-medium text-slate-900">{contactDisplayName(contact)}</span>
                      {contact.email && contact.firstName + contact.lastName ? (
                        <span className="block truncate text-xs text-slate-500">{contact.email}</span>
                      ) : null}
                    </span>
                  </span>
                  <span className="truncate text-slate-600">{contact.title}</span>
                  <span className="justify-self-end">
                    <LifecycleStagePill stage={contact.lifecycleStage} />
                  </span>
                </a>
              </li>
            ))}
          </ul>
          {contacts.length > shown ? (
            <div className="border-t border-slate-100 px-4 py-2">
              <Button size="sm" variant="ghost" onClick={() => setShown((count) => count + CONTACTS_PAGE)}>
                Show {Math.min(CONTACTS_PAGE, contacts.length - shown).toLocaleString()} more of {(contacts.length - shown).toLocaleString()}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </section>
  )
}
