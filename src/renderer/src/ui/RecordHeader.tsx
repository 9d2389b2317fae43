import { routePath, type Route } from '../app/router'
import { Breadcrumb } from './Breadcrumb'
import { Button } from './Button'

export interface RecordHeaderProps {
  /** The list this record belongs to, shown as the breadcrumb's first step. */
  parent: { label: string; route: Route }
  title: string
  onEdit: () => void
  onDelete: () => void
}

/** The bar above a record page: breadcrumb back to its list, then Edit and Delete. */
export function RecordHeader({ parent, title, onEdit, onDelete }: RecordHeaderProps) {
  return (
    <header className="flex h-14 items-center gap-2 border-b border-slate-200 px-6 text-sm">
      <Breadcrumb parentLabel={parent.label} parentHref={routePath(parent.route)} title={title} />
      <div className="ml-auto flex gap-2">
        <Button onClick={onEdit}>Edit</Button>
        <Button variant="danger-ghost" onClick={onDelete}>
          Delete
        </Button>
      </div>
    </header>
  )
}
