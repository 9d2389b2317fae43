import type { ReactNode } from 'react'
import { inputClass } from './Field'

export interface ListPageSearch {
  /** The input's accessible name, e.g. "Search segments". */
  label: string
  placeholder: string
  value: string
  onChange: (value: string) => void
  /** Tailwind width of the box; wider where the placeholder names more fields. */
  widthClass?: string
}

export interface ListPageHeaderProps {
  title: string
  /** How many items the list holds; undefined while loading. Badge and search show only once there is something. */
  count: number | undefined
  search?: ListPageSearch
  /** The page's buttons, after the search box. */
  children: ReactNode
}

/** The bar above a list page: title, count badge, a search box that Escape clears, then the page's actions. */
export function ListPageHeader({ title, count, search, children }: ListPageHeaderProps) {
  const hasItems = count !== undefined && count > 0
  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-200 px-6">
      <h1 className="text-base font-semibold text-slate-900">{title}</h1>
      {hasItems ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 tabular-nums">{count.toLocaleString()}</span> : null}
      <div className="ml-auto flex items-center gap-2">
        {hasItems && search ? (
          <div className={search.widthClass ?? 'w-64'}>
            <input
              type="search"
              aria-label={search.label}
              placeholder={search.placeholder}
              value={search.value}
              onChange={(event) => search.onChange(event.target.value)}
              onKeyDown={(event) => event.key === 'Escape' && search.onChange('')}
              className={inputClass}
            />
          </div>
        ) : null}
        {children}
      </div>
    </header>
  )
}
