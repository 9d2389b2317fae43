import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react'
import type { Contact } from '@core/schema'
import type { ContactQuery, ContactSortField } from '../../data/contactIndex'
import { useData } from '../../data/dataContext'
import { contactDisplayName, contactInitials, formatRelativeTime } from './contactDisplay'
import { LifecycleStagePill } from './LifecycleStagePill'

export const ROW_HEIGHT = 36
const HEADER_HEIGHT = 34
const OVERSCAN = 12
const VISIBLE_TAGS = 2

// One template for header and rows so the columns line up; the table scrolls sideways below ~980px.
const GRID_COLUMNS = '44px minmax(190px,1.3fr) minmax(210px,1.5fr) minmax(140px,1fr) 170px minmax(150px,1fr) 104px'

interface Column {
  label: string
  sort?: ContactSortField
}

const COLUMNS: Column[] = [
  { label: 'Name', sort: 'name' },
  { label: 'Email', sort: 'email' },
  { label: 'Company', sort: 'company' },
  { label: 'Lifecycle stage', sort: 'lifecycleStage' },
  { label: 'Tags' },
  { label: 'Updated', sort: 'updatedAt' },
]

export interface ContactsTableProps {
  /** Matching contact ids, in display order. */
  ids: readonly string[]
  selected: ReadonlySet<string>
  sort: ContactQuery['sort']
  onSort: (field: ContactSortField) => void
  onOpen: (id: string) => void
  onToggle: (id: string) => void
  /** Adds a contiguous run of rows (shift-click). */
  onAddRange: (ids: string[]) => void
  onSelectAll: (selectAll: boolean) => void
  onClearSelection: () => void
}

/**
 * The contacts grid: virtualized so 100,000 rows cost the same as 30. The grid element keeps
 * focus and tracks an active row (aria-activedescendant), so arrows, Enter, Space and x work
 * without a tab stop per row.
 */
export function ContactsTable({ ids, selected, sort, onSort, onOpen, onToggle, onAddRange, onSelectAll, onClearSelection }: ContactsTableProps) {
  const { contacts: index } = useData()
  const scrollRef = useRef<HTMLDivElement>(null)
  const [activeId, setActiveId] = useState<string | null>(null)
  // The row a shift-click range starts from: the last row toggled on its own.
  const anchorRef = useRef<string | null>(null)
  const now = useNow()
  // Stable between renders: a new key function makes the virtualizer re-measure all 100,000 rows.
  const getItemKey = useCallback((rowIndex: number) => ids[rowIndex] ?? rowIndex, [ids])

  // No React Compiler in this build, so nothing memoizes the virtualizer's functions behind its back.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // Rows sit below the sticky header inside the same scroll element.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // Room below the last row so the floating bulk-actions bar never hides it.
    paddingEnd: 64,
    getItemKey,
  })

  const activeIndex = activeId === null ? -1 : ids.indexOf(activeId)
  const selectedMatching = useMemo(() => {
    let count = 0
    for (const id of ids) if (selected.has(id)) count++
    return count
  }, [ids, selected])
  const allSelected = ids.length > 0 && selectedMatching === ids.length

  const moveActive = (rowIndex: number) => {
    const clamped = Math.max(0, Math.min(ids.length - 1, rowIndex))
    const id = ids[clamped]
    if (id === undefined) return
    setActiveId(id)
    virtualizer.scrollToIndex(clamped, { align: 'auto' })
  }

  const selectRangeTo = (rowIndex: number): boolean => {
    const anchorIndex = anchorRef.current === null ? -1 : ids.indexOf(anchorRef.current)
    if (anchorIndex === -1) return false
    const [from, to] = anchorIndex < rowIndex ? [anchorIndex, rowIndex] : [rowIndex, anchorIndex]
    onAddRange(ids.slice(from, to + 1))
    return true
  }

  const toggleRow = (rowIndex: number, extendRange: boolean) => {
    const id = ids[rowIndex]
    if (id === undefined) return
    setActiveId(id)
    if (extendRange && selectRangeTo(rowIndex)) return
    anchorRef.current = id
    onToggle(id)
  }

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed on the header's sort buttons or checkbox keep their own meaning.
    if (event.target !== event.currentTarget) return
    const mod = event.metaKey || event.ctrlKey
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT) - 1)
    const current = activeIndex
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        if (event.shiftKey && current >= 0 && event.key === 'ArrowDown') {
          const id = ids[current]
          if (id !== undefined && !selected.has(id)) onToggle(id)
          anchorRef.current ??= id ?? null
          selectRangeTo(current + 1)
        }
        moveActive(current + 1)
        break
      case 'ArrowUp':
      case 'k':
        if (event.shiftKey && current > 0 && event.key === 'ArrowUp') {
          const id = ids[current]
          if (id !== undefined && !selected.has(id)) onToggle(id)
          anchorRef.current ??= id ?? null
          selectRangeTo(current - 1)
        }
        moveActive(current === -1 ? 0 : current - 1)
        break
      case 'PageDown':
        moveActive(current + page)
        break
      case 'PageUp':
        moveActive(current - page)
        break
      case 'Home':
        moveActive(0)
        break
      case 'End':
        moveActive(ids.length - 1)
        break
      case 'Enter': {
        const id = ids[current]
        if (id !== undefined) onOpen(id)
        break
      }
      case ' ':
      case 'x':
        if (current >= 0) toggleRow(current, event.shiftKey)
        break
      case 'a':
        if (!mod) return
        onSelectAll(true)
        break
      case 'Escape':
        if (selected.size === 0) return
        onClearSelection()
        break
      default:
        return
    }
    event.preventDefault()
  }

  const onRowClick = (event: MouseEvent, rowIndex: number, id: string) => {
    if (event.shiftKey) toggleRow(rowIndex, true)
    else if (event.metaKey || event.ctrlKey) toggleRow(rowIndex, false)
    else onOpen(id)
  }

  // The checkbox is a pointer shortcut; keep keyboard focus on the grid so arrows keep working.
  const keepGridFocus = (event: MouseEvent) => {
    event.preventDefault()
    scrollRef.current?.focus({ preventScroll: true })
  }

  const items = virtualizer.getVirtualItems()
  const activeRowId = activeIndex >= 0 ? `contact-row-${ids[activeIndex]}` : undefined

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Contacts"
      aria-rowcount={ids.length + 1}
      aria-colcount={COLUMNS.length + 1}
      aria-multiselectable
      aria-activedescendant={activeRowId}
      tabIndex={0}
      onKeyDown={onGridKeyDown}
      onFocus={(event) => {
        if (event.target === event.currentTarget && activeIndex === -1 && ids[0] !== undefined) setActiveId(ids[0])
      }}
      className="group relative min-h-0 flex-1 overflow-auto"
      // The active row shows where focus is; a ring around the whole table would only add noise.
      style={{ outline: 'none' }}
    >
      <div style={{ minWidth: 980 }}>
        <div role="rowgroup" className="sticky top-0 z-10">
          <div
            role="row"
            aria-rowindex={1}
            className="grid items-center border-b border-slate-200 bg-slate-50/95 text-xs font-medium text-slate-500 backdrop-blur"
            style={{ gridTemplateColumns: GRID_COLUMNS, height: HEADER_HEIGHT }}
          >
            <div role="columnheader" className="flex justify-center">
              <Checkbox
                label={allSelected ? 'Deselect all matching contacts' : `Select all ${ids.length} matching contacts`}
                checked={allSelected}
                indeterminate={selectedMatching > 0 && !allSelected}
                onMouseDown={keepGridFocus}
                onChange={() => onSelectAll(!allSelected)}
              />
            </div>
            {COLUMNS.map((column) => {
              const sorted = column.sort !== undefined && sort.field === column.sort
              const ariaSort = sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : column.sort ? 'none' : undefined
              return (
                <div key={column.label} role="columnheader" aria-sort={ariaSort} className="min-w-0 px-3">
                  {column.sort ? (
                    <button
                      type="button"
                      onClick={() => column.sort && onSort(column.sort)}
                      className={`-mx-1.5 inline-flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-slate-200/60 hover:text-slate-800 ${sorted ? 'text-slate-800' : ''}`}
                    >
                      {column.label}
                      <SortIcon state={sorted ? sort.direction : null} />
                    </button>
                  ) : (
                    <span className="px-0">{column.label}</span>
                  )}
                </div>
              )
            })}
          </div>
        </div>
        <div role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const id = ids[item.index]
            const contact = id === undefined ? undefined : index.get(id)
            if (id === undefined || !contact) return null
            return (
              <ContactRow
                key={id}
                contact={contact}
                companyName={index.companyName(contact.companyId)}
                rowIndex={item.index}
                top={item.start - HEADER_HEIGHT}
                selected={selected.has(id)}
                active={item.index === activeIndex}
                now={now}
                onClick={(event) => onRowClick(event, item.index, id)}
                onCheckboxMouseDown={keepGridFocus}
                onCheckboxChange={(shift) => toggleRow(item.index, shift)}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}

interface ContactRowProps {
  contact: Contact
  companyName: string
  rowIndex: number
  top: number
  selected: boolean
  active: boolean
  now: number
  onClick: (event: MouseEvent) => void
  onCheckboxMouseDown: (event: MouseEvent) => void
  onCheckboxChange: (shift: boolean) => void
}

function ContactRow({ contact, companyName, rowIndex, top, selected, active, now, onClick, onCheckboxMouseDown, onCheckboxChange }: ContactRowProps) {
  const name = contactDisplayName(contact)
  const hasName = Boolean(contact.firstName || contact.lastName)
  const extraTags = contact.tags.length - VISIBLE_TAGS
  const tone = selected ? 'bg-accent-50/70 hover:bg-accent-50' : 'hover:bg-slate-50'
  const activeTone = active ? 'group-focus:bg-slate-100 group-focus:shadow-[inset_2px_0_0_var(--color-accent-600)]' : ''
  return (
    <div
      role="row"
      id={`contact-row-${contact.id}`}
      data-testid="contact-row"
      aria-rowindex={rowIndex + 2}
      aria-selected={selected}
      onClick={onClick}
      // Shift-click selects a range; without this the browser would also select the text in between.
      onMouseDown={(event) => event.shiftKey && event.preventDefault()}
      className={`absolute top-0 left-0 grid w-full cursor-pointer items-center border-b border-slate-100 text-sm ${tone} ${activeTone}`}
      style={{ gridTemplateColumns: GRID_COLUMNS, height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
    >
      <div role="gridcell" className="flex justify-center" onClick={(event) => event.stopPropagation()}>
        <Checkbox
          label={`Select ${name}`}
          checked={selected}
          tabIndex={-1}
          onMouseDown={onCheckboxMouseDown}
          onChange={(shift) => onCheckboxChange(shift)}
        />
      </div>
      <div role="gridcell" className="flex min-w-0 items-center gap-2 px-3">
        <span aria-hidden className={`grid h-5 w-5 shrink-0 place-items-center rounded-full text-[10px] font-semibold ${avatarTone(contact.id)}`}>
          {contactInitials(contact)}
        </span>
        <span className={`truncate ${hasName ? 'font-medium text-slate-900' : 'text-slate-600'}`}>{name}</span>
      </div>
      <div role="gridcell" className="truncate px-3 text-slate-600">
        {contact.email || <span className="text-slate-300">—</span>}
      </div>
      <div role="gridcell" className="truncate px-3 text-slate-700">
        {companyName || <span className="text-slate-300">—</span>}
      </div>
      <div role="gridcell" className="min-w-0 px-3">
        <LifecycleStagePill stage={contact.lifecycleStage} />
      </div>
      <div role="gridcell" className="flex min-w-0 items-center gap-1 px-3" title={contact.tags.length > VISIBLE_TAGS ? contact.tags.join(', ') : undefined}>
        {contact.tags.slice(0, VISIBLE_TAGS).map((tag, position) => (
          // The first chip keeps its width (short tags stay readable); the second gives way.
          <span key={tag} className={`truncate rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 ${position === 0 ? 'max-w-28 shrink-0' : 'min-w-0'}`}>
            {tag}
          </span>
        ))}
        {extraTags > 0 ? (
          <span className="shrink-0 text-xs text-slate-500" aria-label={`${extraTags} more tags`}>
            +{extraTags}
          </span>
        ) : null}
      </div>
      <div role="gridcell" className="truncate px-3 text-xs text-slate-500 tabular-nums" title={new Date(contact.updatedAt).toLocaleString()}>
        {formatRelativeTime(contact.updatedAt, now)}
      </div>
    </div>
  )
}

interface CheckboxProps {
  label: string
  checked: boolean
  indeterminate?: boolean
  tabIndex?: number
  onChange: (shift: boolean) => void
  onMouseDown?: (event: MouseEvent) => void
}

function Checkbox({ label, checked, indeterminate = false, tabIndex, onChange, onMouseDown }: CheckboxProps) {
  return (
    <input
      type="checkbox"
      aria-label={label}
      checked={checked}
      tabIndex={tabIndex}
      ref={(element) => {
        if (element) element.indeterminate = indeterminate
      }}
      onMouseDown={onMouseDown}
      onClick={(event) => onChange(event.shiftKey)}
      onChange={() => undefined}
      className="h-3.5 w-3.5 cursor-pointer rounded border-slate-300 accent-accent-600"
    />
  )
}

function SortIcon({ state }: { state: 'asc' | 'desc' | null }) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={`h-3 w-3 ${state ? 'text-slate-700' : 'text-slate-300'}`} fill="none" stroke="currentColor" strokeWidth="2">
      {state === 'desc' ? <path d="M8 3v10m0 0-4-4m4 4 4-4" strokeLinecap="round" strokeLinejoin="round" /> : null}
      {state === 'asc' ? <path d="M8 13V3m0 0L4 7m4-4 4 4" strokeLinecap="round" strokeLinejoin="round" /> : null}
      {state === null ? <path d="m5 6 3-3 3 3M5 10l3 3 3-3" strokeLinecap="round" strokeLinejoin="round" /> : null}
    </svg>
  )
}

const AVATAR_TONES = ['bg-sky-100 text-sky-700', 'bg-violet-100 text-violet-700', 'bg-emerald-100 text-emerald-700', 'bg-amber-100 text-amber-800', 'bg-rose-100 text-rose-700', 'bg-indigo-100 text-indigo-700']

/** A stable colour per contact, so a face is easy to find again while scrolling. */
function avatarTone(id: string): string {
  let hash = 0
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0
  return AVATAR_TONES[Math.abs(hash) % AVATAR_TONES.length] ?? ''
}

/** The current time, refreshed every minute so "5m ago" keeps counting while the page stays open. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return now
}
