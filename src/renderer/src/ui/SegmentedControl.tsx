import { useRef, type KeyboardEvent, type ReactNode } from 'react'

export interface SegmentedOption<Id extends string> {
  id: Id
  label: string
  /** Shown after the label (a count). */
  badge?: ReactNode
}

export interface SegmentedControlProps<Id extends string> {
  label: string
  options: readonly SegmentedOption<Id>[]
  value: Id
  onChange: (id: Id) => void
}

/** A radio group of buttons: one tab stop, arrow keys (and Home/End) move and select, like native radios. */
export function SegmentedControl<Id extends string>({ label, options, value, onChange }: SegmentedControlProps<Id>) {
  const refs = useRef(new Map<Id, HTMLButtonElement>())
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = options.findIndex((option) => option.id === value)
    let next = -1
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (index + 1) % options.length
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = (index - 1 + options.length) % options.length
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = options.length - 1
    const option = options[next]
    if (!option) return
    event.preventDefault()
    onChange(option.id)
    refs.current.get(option.id)?.focus()
  }
  return (
    <div role="radiogroup" aria-label={label} onKeyDown={onKeyDown} className="inline-flex rounded-lg bg-slate-100 p-0.5">
      {options.map((option) => {
        const active = option.id === value
        return (
          <button
            key={option.id}
            ref={(element) => {
              if (element) refs.current.set(option.id, element)
              else refs.current.delete(option.id)
            }}
            type="button"
            role="radio"
            aria-checked={active}
            tabIndex={active ? 0 : -1}
            onClick={() => onChange(option.id)}
            className={`inline-flex h-7 items-center gap-1.5 rounded-md px-3 text-xs font-medium whitespace-nowrap transition-colors ${active ? 'bg-white text-slate-900 shadow-sm ring-1 ring-slate-200' : 'text-slate-600 hover:text-slate-900'}`}
          >
            {option.label}
            {option.badge !== undefined ? <span className={`tabular-nums ${active ? 'text-slate-500' : 'text-slate-400'}`}>{option.badge}</span> : null}
          </button>
        )
      })}
    </div>
  )
}
