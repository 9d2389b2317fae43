import { useState, type ReactNode } from 'react'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useData } from '../../data/dataContext'
import { deleteSyncedDocs, restoreSyncedDocs } from '../../data/syncedWrites'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { Kbd } from '../../ui/Kbd'
import { BulkTagDialog, type BulkTagMode } from './BulkTagDialog'
import { pluralize } from './contactDisplay'
import { selectionCleared } from './contactsSlice'

/** Floating actions for the selected rows: tag, untag, delete (with undo). */
export function BulkActionsBar({ selectedIds }: { selectedIds: readonly string[] }) {
  const dispatch = useAppDispatch()
  const { db } = useData()
  const [tagMode, setTagMode] = useState<BulkTagMode | null>(null)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const count = selectedIds.length

  const deleteSelected = async () => {
    setConfirmingDelete(false)
    const ids = [...selectedIds]
    try {
      const deleted = await deleteSyncedDocs(db.contacts, ids)
      dispatch(selectionCleared())
      showUndoToast(dispatch, `Deleted ${pluralize(deleted.length, 'contact')}`, () => restoreSyncedDocs(db.contacts, deleted))
    } catch (error) {
      dispatch(toastShown({ message: `Could not delete: ${errorMessage(error)}`, tone: 'error' }))
    }
  }

  return (
    <>
      <div
        role="toolbar"
        aria-label="Bulk actions"
        className="absolute bottom-5 left-1/2 z-20 flex -translate-x-1/2 items-center gap-1 rounded-xl bg-slate-900 py-1.5 pr-1.5 pl-3.5 text-sm text-white shadow-xl ring-1 ring-black/10"
      >
        <span className="mr-2 font-medium whitespace-nowrap tabular-nums">{count.toLocaleString('en-US')} selected</span>
        <BarButton onClick={() => setTagMode('add')}>Add tag</BarButton>
        <BarButton onClick={() => setTagMode('remove')}>Remove tag</BarButton>
        <BarButton onClick={() => setConfirmingDelete(true)} danger>
          Delete
        </BarButton>
        <span aria-hidden className="mx-1 h-4 w-px bg-white/15" />
        <button
          type="button"
          onClick={() => dispatch(selectionCleared())}
          aria-label="Clear selection"
          className="inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-white/70 hover:bg-white/10 hover:text-white"
        >
          <span className="[&_kbd]:border-white/20 [&_kbd]:bg-white/10 [&_kbd]:text-white/70">
            <Kbd>Esc</Kbd>
          </span>
          <span aria-hidden>✕</span>
        </button>
      </div>
      {tagMode ? <BulkTagDialog mode={tagMode} ids={selectedIds} onClose={() => setTagMode(null)} /> : null}
      <ConfirmDialog
        open={confirmingDelete}
        title={`Delete ${pluralize(count, 'contact')}?`}
        message="They are removed on every synced device. You can undo right after."
        confirmLabel="Delete"
        onConfirm={() => void deleteSelected()}
        onCancel={() => setConfirmingDelete(false)}
      />
    </>
  )
}

function BarButton({ onClick, danger = false, children }: { onClick: () => void; danger?: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className={`h-7 rounded-md px-2.5 font-medium whitespace-nowrap transition-colors ${danger ? 'text-red-300 hover:bg-red-500/20 hover:text-red-200' : 'text-white/90 hover:bg-white/10'}`}
    >
      {children}
    </button>
  )
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
