import { useMemo, useState } from 'react'
import { LIFECYCLE_STAGE_LABELS } from '@core/schema'
import { EMPTY_CONTACT_QUERY, type ContactQuery } from '../../data/contactIndex'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { ExportContactsDialog, type ExportChoice } from './ExportContactsDialog'
import { fileDate } from './saveFile'

export interface ContactsExportButtonProps {
  /** The contacts the list shows now, in its order. */
  listedIds: readonly string[]
  query: ContactQuery
  filtered: boolean
  selectedIds: readonly string[]
}

/** For the audit log: what the filtered list was. */
export function describeQuery(query: ContactQuery, companyName: (id: string) => string): string {
  const parts: string[] = []
  if (query.text.trim()) parts.push(`search “${query.text.trim()}”`)
  if (query.tags.length > 0) parts.push(`tags ${query.tags.join(', ')}`)
  if (query.stages.length > 0) parts.push(`stage ${query.stages.map((stage) => LIFECYCLE_STAGE_LABELS[stage]).join(' or ')}`)
  if (query.companyIds.length > 0) parts.push(`company ${query.companyIds.map((id) => companyName(id) || id).join(' or ')}`)
  return `filtered contacts: ${parts.join('; ')}`
}

/** The Contacts screen's Export: all contacts, the filtered list, or the selection, as CSV. */
export function ContactsExportButton({ listedIds, query, filtered, selectedIds }: ContactsExportButtonProps) {
  const { contacts: index } = useData()
  const [open, setOpen] = useState(false)
  const date = fileDate()
  const total = index.total
  const choices = useMemo((): ExportChoice[] => {
    const all: ExportChoice = {
      id: 'all',
      label: 'All contacts',
      count: total,
      ids: () => index.query({ ...EMPTY_CONTACT_QUERY, sort: query.sort }),
      subject: 'all contacts',
      fileName: `outpost-contacts-${date}.csv`,
    }
    const list: ExportChoice[] = [all]
    if (filtered) {
      list.push({ id: 'filtered', label: 'The filtered list', count: listedIds.length, ids: () => listedIds, subject: describeQuery(query, (id) => index.companyName(id)), fileName: `outpost-contacts-filtered-${date}.csv` })
    }
    if (selectedIds.length > 0) {
      list.push({ id: 'selected', label: 'The selected contacts', count: selectedIds.length, ids: () => selectedIds, subject: `selected contacts`, fileName: `outpost-contacts-selected-${date}.csv` })
    }
    return list
  }, [index, total, query, filtered, listedIds, selectedIds, date])
  const initial = selectedIds.length > 0 ? 'selected' : filtered ? 'filtered' : 'all'

  return (
    <>
      <Button onClick={() => setOpen(true)} disabled={total === 0} title="Export contacts as CSV">
        <DownloadIcon />
        Export
      </Button>
      <ExportContactsDialog open={open} onClose={() => setOpen(false)} title="Export contacts" choices={choices} initial={initial} />
    </>
  )
}

function DownloadIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round">
      <path d="M8 2.5v8M4.75 7.5 8 10.75 11.25 7.5M3 13.5h10" />
    </svg>
  )
}
