import { useDeferredValue, useMemo, useState } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import type { Template } from '@core/schema'
import { TEMPLATE_LIMITS } from '@core/schema'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch, type AppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import type { OutpostDatabase } from '../../data/database'
import { useData } from '../../data/dataContext'
import { useRxQueryResult } from '../../data/hooks'
import { deleteSyncedDocs, insertSyncedDoc, restoreSyncedDocs } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { EmptyState } from '../../ui/EmptyState'
import { ListPageHeader } from '../../ui/ListPageHeader'
import { formatRelativeTime } from '../contacts/contactDisplay'
import { PlusIcon } from '../../ui/icons'
import { useNow } from '../../app/useNow'
import { starterTemplate } from './starterTemplate'

const COLUMNS = 'grid grid-cols-[minmax(0,1.4fr)_minmax(0,2fr)_7rem_10rem] items-center gap-4'

export function useTemplates(): Template[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Template>(
    () => db.templates.find({ sort: [{ updatedAt: 'desc' }] }) as unknown as RxQuery<Template, RxDocument<Template>[]>,
    [db],
  )
}

export async function createTemplate(db: OutpostDatabase, dispatch: AppDispatch, from?: Template): Promise<void> {
  try {
    const fields = from
      ? {
          name: `Copy of ${from.name}`.slice(0, TEMPLATE_LIMITS.name),
          subject: from.subject,
          preheader: from.preheader,
          fromName: from.fromName,
          fromEmail: from.fromEmail,
          html: from.html,
        }
      : starterTemplate()
    const template = await insertSyncedDoc<Template>(db.templates, fields)
    navigate({ name: 'template', id: template.id })
  } catch (error) {
    dispatch(toastShown({ message: `Could not create the template: ${String(error)}`, tone: 'error' }))
  }
}

export async function deleteTemplate(db: OutpostDatabase, dispatch: AppDispatch, template: Template): Promise<boolean> {
  try {
    const before = await deleteSyncedDocs<Template>(db.templates, [template.id])
    showUndoToast(dispatch, `Deleted ${template.name}`, () => restoreSyncedDocs(db.templates, before))
    return true
  } catch (error) {
    dispatch(toastShown({ message: `Could not delete ${template.name}: ${String(error)}`, tone: 'error' }))
    return false
  }
}

export function TemplatesPage() {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const templates = useTemplates()
  const now = useNow()
  const [search, setSearch] = useState('')
  const deferredSearch = useDeferredValue(search)
  const [deleting, setDeleting] = useState<Template | null>(null)
  const filtered = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase()
    return (templates ?? []).filter((template) => needle === '' || `${template.name} ${template.subject}`.toLowerCase().includes(needle))
  }, [templates, deferredSearch])

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ListPageHeader
        title="Templates"
        count={templates?.length}
        search={{ label: 'Search templates', placeholder: 'Search name or subject…', value: search, onChange: setSearch }}
      >
        <Button variant="primary" onClick={() => void createTemplate(db, dispatch)}>
          <PlusIcon />
          New template
        </Button>
      </ListPageHeader>
      {templates === undefined ? (
        <p className="px-6 py-4 text-sm text-slate-500">Loading templates…</p>
      ) : templates.length === 0 ? (
        <EmptyState
          title="No templates yet"
          action={
            <Button variant="primary" onClick={() => void createTemplate(db, dispatch)}>
              New template
            </Button>
          }
        >
          A template is the email a campaign sends: subject, sender and an HTML body with merge tags like {'{{ contact.firstName }}'}. New templates start from a
          ready layout with an unsubscribe link.
        </EmptyState>
      ) : filtered.length === 0 ? (
        <EmptyState title={`No templates match “${deferredSearch.trim()}”`} action={<Button onClick={() => setSearch('')}>Clear search</Button>} />
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <div
            aria-hidden
            className={`${COLUMNS} sticky top-0 z-10 border-b border-slate-200 bg-slate-50 px-6 py-2 text-[11px] font-semibold tracking-wide text-slate-500 uppercase`}
          >
            <span>Name</span>
            <span>Subject</span>
            <span>Updated</span>
            <span />
          </div>
          <ul aria-label="Templates">
            {filtered.map((template) => (
              <li key={template.id} className={`${COLUMNS} group border-b border-slate-100 px-6 py-2.5 text-sm hover:bg-slate-50`}>
                <a
                  href={routePath({ name: 'template', id: template.id })}
                  className="min-w-0 truncate font-medium text-slate-900 hover:underline focus-visible:underline focus-visible:outline-none"
                >
                  {template.name}
                </a>
                <span className="truncate text-slate-600">{template.subject || <span className="text-slate-400">No subject</span>}</span>
                <span className="text-slate-500">{formatRelativeTime(template.updatedAt, now)}</span>
                <span className="flex justify-end gap-1 opacity-0 group-focus-within:opacity-100 group-hover:opacity-100">
                  <Button size="sm" variant="ghost" aria-label={`Duplicate ${template.name}`} onClick={() => void createTemplate(db, dispatch, template)}>
                    Duplicate
                  </Button>
                  <Button size="sm" variant="danger-ghost" aria-label={`Delete ${template.name}`} onClick={() => setDeleting(template)}>
                    Delete
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? ''}?`}
        message="Campaigns using it will need another template. You can undo right after."
        confirmLabel="Delete template"
        onConfirm={() => {
          const template = deleting
          setDeleting(null)
          if (template) void deleteTemplate(db, dispatch, template)
        }}
        onCancel={() => setDeleting(null)}
      />
    </div>
  )
}
