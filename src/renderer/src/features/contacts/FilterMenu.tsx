import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useOutsidePointerDown } from '../../ui/useOutsidePointerDown'
import { PlusIcon } from '../../ui/icons'

export interface FilterOption {
  value: string
  label: string
  /** A small leading mark, e.g. the stage colour. */
  decoration?: ReactNode
}

export interface FilterMenuProps {
  /** Trigger text and accessible name, e.g. "Tag". */
  label: string
  /** Shown above the options, e.g. "Has all of". */
  heading: string
  options: readonly FilterOption[]
  selected: readonly string[]
  onChange: (selected: string[]) => void
  searchPlaceholder: string
  emptyText: string
}

// Tag and company lists can run into thousands; the search box narrows them, so a cap keeps the menu light.
const MAX_VISIBLE_OPTIONS = 100

/**
 * A compact multi-select popover: a search box that owns focus (combobox) over a list of options.
 * ArrowUp/Down move, Enter or Space toggles, Escape closes and gives focus back to the trigger.
 */
export function FilterMenu({ label, heading, options, selected, onChange, searchPlaceholder, emptyText }: FilterMenuProps) {
  const id = useId()
  const [open, setOpen] = useState(false)
  const [search, setSearch] = useState('')
  const [activeIndex, setActiveIndex] = useState(0)
  const rootRef = useRef<HTMLDivElement>(null)
  const triggerRef = useRef<HTMLButtonElement>(null)
  const listRef = useRef<HTMLUListElement>(null)

  useOutsidePointerDown(rootRef, open, () => setOpen(false))

  const needle = search.trim().toLowerCase()
  const matching = needle ? options.filter((option) => option.label.toLowerCase().includes(needle)) : options
  const visible = matching.slice(0, MAX_VISIBLE_OPTIONS)
  const selectedSet = new Set(selected)
  const active = Math.min(activeIndex, Math.max(visible.length - 1, 0))
  const labelOf = new Map(options.map((option) => [option.value, option.label]))

  const toggle = (value: string) => {
    onChange(selectedSet.has(value) ? selected.filter((item) => item !== value) : [...selected, value])
  }

  const close = () => {
    setOpen(false)
    triggerRef.current?.focus()
  }

  const moveTo = (next: number) => {
    setActiveIndex(next)
    listRef.current?.children[next]?.scrollIntoView?.({ block: 'nearest' })
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      moveTo(Math.min(active + 1, visible.length - 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      moveTo(Math.max(active - 1, 0))
    } else if (event.key === 'Enter' || (event.key === ' ' && search === '')) {
      event.preventDefault()
      const option = visible[active]
      if (option) toggle(option.value)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      close()
    }
  }

  const [first] = selected
  const summary = selected.length === 0 ? null : selected.length === 1 && first !== undefined ? (labelOf.get(first) ?? first) : `${selected.length} selected`

  return (
    <div
      ref={rootRef}
      className="relative"
      onBlur={(event) => {
        if (open && !rootRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false)
      }}
    >
      <button
        ref={triggerRef}
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={summary ? `${label} filter: ${summary}` : `${label} filter`}
        onClick={() => {
          setSearch('')
          setActiveIndex(0)
          setOpen((value) => !value)
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault()
            setOpen(true)
          }
        }}
        className={`inline-flex h-8 max-w-56 items-center gap-1.5 rounded-md border px-2.5 text-sm whitespace-nowrap transition-colors ${
          summary
            ? 'border-accent-100 bg-accent-50 text-accent-700 hover:border-accent-500/40'
            : 'border-dashed border-slate-300 text-slate-600 hover:border-slate-400 hover:bg-slate-50'
        }`}
      >
        {summary ? null : <PlusIcon className="h-3.5 w-3.5 text-slate-400" strokeWidth={1.75} />}
        <span className={summary ? 'text-accent-700/80' : ''}>{label}</span>
        {summary ? <span className="truncate font-medium">{summary}</span> : null}
        <ChevronIcon />
      </button>
      {open ? (
        <div className="absolute top-full left-0 z-30 mt-1 w-64 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-900/10">
          <input
            autoFocus
            role="combobox"
            aria-label={`Search ${label.toLowerCase()} options`}
            aria-expanded
            aria-controls={`${id}-list`}
            aria-activedescendant={visible[active] ? `${id}-option-${active}` : undefined}
            aria-autocomplete="list"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value)
              setActiveIndex(0)
            }}
            onKeyDown={onKeyDown}
            placeholder={searchPlaceholder}
            className="mb-1 h-8 w-full rounded-md border-0 bg-slate-50 px-2.5 text-sm placeholder:text-slate-400 focus:ring-2 focus:ring-accent-100 focus:outline-none"
          />
          <p className="px-2 pt-1 pb-1 text-[11px] font-medium tracking-wide text-slate-400 uppercase">{heading}</p>
          <ul ref={listRef} id={`${id}-list`} role="listbox" aria-multiselectable aria-label={label} className="max-h-64 overflow-y-auto">
            {visible.map((option, index) => {
              const checked = selectedSet.has(option.value)
              return (
                <li
                  key={option.value}
                  id={`${id}-option-${index}`}
                  role="option"
                  aria-selected={checked}
                  onPointerDown={(event) => event.preventDefault()}
                  onClick={() => {
                    setActiveIndex(index)
                    toggle(option.value)
                  }}
                  onPointerMove={() => active !== index && setActiveIndex(index)}
                  className={`flex cursor-default items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 ${index === active ? 'bg-slate-100' : ''}`}
                >
                  <span
                    aria-hidden
                    className={`grid h-3.5 w-3.5 shrink-0 place-items-center rounded border text-white ${checked ? 'border-accent-600 bg-accent-600' : 'border-slate-300 bg-white'}`}
                  >
                    {checked ? <CheckIcon /> : null}
                  </span>
                  {option.decoration}
                  <span className="truncate">{option.label}</span>
                </li>
              )
            })}
          </ul>
          {visible.length === 0 ? <p className="px-2 py-2 text-sm text-slate-500">{needle ? 'No matches' : emptyText}</p> : null}
          {matching.length > visible.length ? (
            <p className="px-2 py-1 text-xs text-slate-400">Showing {visible.length} of {matching.length}; type to narrow</p>
          ) : null}
          {selected.length > 0 ? (
            <div className="mt-1 border-t border-slate-100 pt-1">
              <button
                type="button"
                onClick={() => onChange([])}
                className="w-full rounded-md px-2 py-1.5 text-left text-sm text-slate-600 hover:bg-slate-100"
              >
                Clear {label.toLowerCase()} filter
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

function ChevronIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5 shrink-0 opacity-60" fill="none" stroke="currentColor" strokeWidth="1.75">
      <path d="m4.5 6.5 3.5 3.5 3.5-3.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}

function CheckIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-2.5 w-2.5" fill="none" stroke="currentColor" strokeWidth="2.5">
      <path d="m3.5 8.5 3 3 6-7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}
