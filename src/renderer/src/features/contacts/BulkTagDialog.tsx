import { useMemo, useState, type FormEvent } from 'react'
import { MAX_TAGS, TAG_MAX_LENGTH } from '@core/contacts/contactInput'
import type { Contact } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { patchSyncedDocs } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { TagInput } from '../../ui/TagInput'
import { errorMessage } from './BulkActionsBar'
import { formatCount, pluralize } from './contactDisplay'
import { submitOnEnter } from './submitOnEnter'

export type BulkTagMode = 'add' | 'remove'

interface BulkTagDialogProps {
  mode: BulkTagMode
  ids: readonly string[]
  onClose: () => void
}

/** Adds or removes tags on every selected contact in one storage write. */
export function BulkTagDialog({ mode, ids, onClose }: BulkTagDialogProps) {
  const dispatch = useAppDispatch()
  const { db, contacts: index } = useData()
  const [tags, setTags] = useState<string[]>([])
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  // Only tags the selection actually carries are worth offering for removal, most common first.
  const presentTags = useMemo(() => {
    if (mode !== 'remove') return []
    const counts = new Map<string, number>()
    for (const id of ids) for (const tag of index.get(id)?.tags ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1)
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  }, [mode, ids, index])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    if (tags.length === 0) {
      setError(mode === 'add' ? 'Type a tag and press Enter' : 'Pick at least one tag')
      return
    }
    const tooLong = tags.find((tag) => tag.length > TAG_MAX_LENGTH)
    if (tooLong) {
      setError(`Tags must be at most ${TAG_MAX_LENGTH} characters`)
      return
    }
    setSaving(true)
    setError(null)
    let skipped = 0
    try {
      const changed = await patchSyncedDocs(db.contacts, ids, (doc: Contact) => {
        if (mode === 'remove') {
          const next = doc.tags.filter((tag) => !tags.includes(tag))
          return next.length === doc.tags.length ? null : { tags: next }
        }
        const next = [...doc.tags, ...tags.filter((tag) => !doc.tags.includes(tag))]
        if (next.length === doc.tags.length) return null
        // The schema caps tags per contact; skip (and report) rather than fail the whole batch.
        if (next.length > MAX_TAGS) {
          skipped++
          return null
        }
        return { tags: next }
      })
      const what = tags.length === 1 ? `"${tags[0]}"` : `${tags.length} tags`
      const message =
        mode === 'add' ? `Added ${what} to ${pluralize(changed, 'contact')}` : `Removed ${what} from ${pluralize(changed, 'contact')}`
      dispatch(toastShown({ message: skipped > 0 ? `${message} (${formatCount(skipped)} skipped: ${MAX_TAGS}-tag limit)` : message }))
      onClose()
    } catch (caught) {
      setError(`Could not update tags: ${errorMessage(caught)}`)
      setSaving(false)
    }
  }

  const formId = `bulk-tag-${mode}`
  const verb = mode === 'add' ? 'Add' : 'Remove'
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={`${verb} tags · ${pluralize(ids.length, 'contact')}`}
      width="sm"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" disabled={saving}>
            {saving ? 'Saving…' : mode === 'add' ? 'Add tags' : 'Remove tags'}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={(event) => void submit(event)} onKeyDown={submitOnEnter} className="flex flex-col gap-3">
        {mode === 'add' ? (
          <TagInput label="Tags to add" tags={tags} onChange={setTags} suggestions={index.allTags()} />
        ) : presentTags.length === 0 ? (
          <p className="text-sm text-slate-600">The selected contacts have no tags.</p>
        ) : (
          <fieldset className="flex flex-col gap-1">
            <legend className="mb-1 text-xs font-medium text-slate-600">Tags to remove</legend>
            <div className="flex max-h-64 flex-col overflow-y-auto">
              {presentTags.map(([tag, count]) => (
                <label key={tag} className="flex items-center gap-2 rounded-md px-1.5 py-1 text-sm hover:bg-slate-50">
                  <input
                    type="checkbox"
                    checked={tags.includes(tag)}
                    onChange={(event) => setTags(event.target.checked ? [...tags, tag] : tags.filter((existing) => existing !== tag))}
                    className="h-3.5 w-3.5 accent-accent-600"
                  />
                  <span className="truncate text-slate-800">{tag}</span>
                  <span className="ml-auto text-xs text-slate-400 tabular-nums">{formatCount(count)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {error ? (
          <p role="alert" className="text-xs text-red-600">
            {error}
          </p>
        ) : null}
      </form>
    </Dialog>
  )
}
