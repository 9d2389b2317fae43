import { useState } from 'react'
import type { CustomFieldDefinition, Setting } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useData } from '../../data/dataContext'
import { useCustomFieldDefinitions } from '../../data/hooks'
import { deleteSyncedDocs, insertSyncedDoc, patchSyncedDoc, restoreSyncedDocs } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { CustomFieldDialog } from './CustomFieldDialog'
import { CUSTOM_FIELD_TYPE_LABELS, type CustomFieldDefinitionInput } from './customFieldInput'

type DialogState = { mode: 'create' } | { mode: 'edit'; definition: CustomFieldDefinition } | null

const MAX_POSITION = 10_000

export function CustomFieldsSection() {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const definitions = useCustomFieldDefinitions()
  const [dialog, setDialog] = useState<DialogState>(null)
  const [deleting, setDeleting] = useState<CustomFieldDefinition | null>(null)

  const save = async (input: CustomFieldDefinitionInput) => {
    try {
      if (dialog?.mode === 'edit') {
        await patchSyncedDoc<Setting>(db.settings, dialog.definition.id, input)
        dispatch(toastShown({ message: `Saved “${input.label}”` }))
      } else {
        const last = definitions[definitions.length - 1]
        const position = Math.min(MAX_POSITION, last ? last.position + 1 : 0)
        await insertSyncedDoc<Setting>(db.settings, { kind: 'customField', ...input, position })
        dispatch(toastShown({ message: `Added “${input.label}”` }))
      }
      setDialog(null)
    } catch (error) {
      dispatch(toastShown({ message: `Could not save the field: ${String(error)}`, tone: 'error' }))
    }
  }

  /** Rewrites positions as 0..n-1 in the new order; only rows whose position changes are written. */
  const move = async (index: number, step: -1 | 1) => {
    const order = [...definitions]
    const target = index + step
    const moved = order[index]
    const other = order[target]
    if (!moved || !other) return
    order[index] = other
    order[target] = moved
    await Promise.all(
      order.map((definition, position) =>
        definition.position === position ? Promise.resolve(true) : patchSyncedDoc<Setting>(db.settings, definition.id, { position }),
      ),
    )
  }

  const remove = async (definition: CustomFieldDefinition) => {
    setDeleting(null)
    try {
      const before = await deleteSyncedDocs<Setting>(db.settings, [definition.id])
      showUndoToast(dispatch, `Deleted “${definition.label}”`, () => restoreSyncedDocs(db.settings, before))
    } catch (error) {
      dispatch(toastShown({ message: `Could not delete the field: ${String(error)}`, tone: 'error' }))
    }
  }

  return (
    <section aria-labelledby="custom-fields-heading" className="flex flex-col gap-3">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h2 id="custom-fields-heading" className="text-sm font-semibold text-slate-900">
            Custom fields
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">Fields every contact gets on top of the built-in ones, shown on the contact page.</p>
        </div>
        <Button variant="primary" onClick={() => setDialog({ mode: 'create' })}>
          Add field
        </Button>
      </div>
      {definitions.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600">
          No custom fields yet. Add one for what your team tracks beyond the basics — a plan, a renewal date, a seat count.
        </div>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200">
          <table className="w-full table-fixed text-sm">
            <thead className="bg-slate-50 text-left text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="w-[22%] px-4 py-2">
                  Label
                </th>
                <th scope="col" className="w-[18%] px-4 py-2">
                  Key
                </th>
                <th scope="col" className="w-[15%] px-4 py-2">
                  Type
                </th>
                <th scope="col" className="px-4 py-2">
                  Options
                </th>
                <th scope="col" className="w-48 px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {definitions.map((definition, index) => (
                <tr key={definition.id} className="hover:bg-slate-50/60">
                  <th scope="row" className="truncate px-4 py-2 text-left font-medium text-slate-900">
                    {definition.label}
                  </th>
                  <td className="truncate px-4 py-2 font-mono text-[12px] text-slate-600">{definition.key}</td>
                  <td className="px-4 py-2 whitespace-nowrap text-slate-700">{CUSTOM_FIELD_TYPE_LABELS[definition.fieldType]}</td>
                  <td className="px-4 py-2">
                    {definition.fieldType === 'select' ? (
                      <ul aria-label={`Options of ${definition.label}`} className="flex flex-wrap gap-1">
                        {definition.options.slice(0, 6).map((option) => (
                          <li key={option} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                            {option}
                          </li>
                        ))}
                        {definition.options.length > 6 ? <li className="px-1 text-xs text-slate-500">+{definition.options.length - 6} more</li> : null}
                      </ul>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                  <td className="px-4 py-2">
                    <div className="flex justify-end gap-0.5">
                      <Button size="sm" variant="ghost" aria-label={`Move ${definition.label} up`} disabled={index === 0} onClick={() => void move(index, -1)}>
                        ↑
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Move ${definition.label} down`}
                        disabled={index === definitions.length - 1}
                        onClick={() => void move(index, 1)}
                      >
                        ↓
                      </Button>
                      <Button size="sm" variant="ghost" aria-label={`Edit ${definition.label}`} onClick={() => setDialog({ mode: 'edit', definition })}>
                        Edit
                      </Button>
                      <Button
                        size="sm"
                        variant="danger-ghost"
                        aria-label={`Delete ${definition.label}`}
                        onClick={() => setDeleting(definition)}
                      >
                        Delete
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog ? (
        <CustomFieldDialog
          editing={dialog.mode === 'edit' ? dialog.definition : undefined}
          existing={definitions}
          onSave={save}
          onClose={() => setDialog(null)}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the field “${deleting?.label ?? ''}”?`}
        message="It disappears from every contact page. Values already stored on contacts are kept, so undoing brings them back."
        confirmLabel="Delete field"
        onConfirm={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(null)}
      />
    </section>
  )
}
