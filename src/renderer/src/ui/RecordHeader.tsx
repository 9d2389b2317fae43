import { routePath, type Route } from '../app/router'
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
      <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1.5 text-slate-500">
        <a href={routePath(parent.route)} className="hover:text-slate-900">
          {parent.label}
        </a>
        <span aria-hidden>/</span>
        <span aria-current="page" className="truncate text-slate-900">
          {title}
        </span>
      </nav>
      <div className="ml-auto flex gap-2">
        <Button onClick={onEdit}>Edit</Button>
        <Button variant="danger-ghost" onClick={onDelete}>
          Delete
        </Button>
      </div>
    </header>
  )
}
