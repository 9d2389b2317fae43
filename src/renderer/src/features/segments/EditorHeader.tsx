import type { ReactNode } from 'react'
import { Breadcrumb } from '../../ui/Breadcrumb'
import { Button } from '../../ui/Button'
import { saveStatusLabel, type SaveStatus } from './useAutosavedDraft'

/** The bar above an editor that saves as you go: breadcrumb, save state, extra actions, Delete. */
export function EditorHeader({
  parentLabel,
  parentHref,
  title,
  status,
  onDelete,
  deleteLabel,
  actions,
}: {
  parentLabel: string
  parentHref: string
  title: string
  status: SaveStatus
  onDelete: () => void
  deleteLabel: string
  actions?: ReactNode
}) {
  return (
    <header className="flex h-14 shrink-0 items-center gap-2 border-b border-slate-200 px-6 text-sm">
      <Breadcrumb parentLabel={parentLabel} parentHref={parentHref} title={title} />
      <div className="ml-auto flex items-center gap-3">
        <span role="status" className={`text-xs ${status === 'error' ? 'text-red-600' : 'text-slate-500'}`}>
          {saveStatusLabel(status)}
        </span>
        {actions}
        <Button variant="danger-ghost" onClick={onDelete}>
          {deleteLabel}
        </Button>
      </div>
    </header>
  )
}
