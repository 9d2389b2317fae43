import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useOutsidePointerDown } from '../../ui/useOutsidePointerDown'
import type { MergeTag } from '@core/templates/mergeTags'
import { Button } from '../../ui/Button'
import { inputClass } from '../../ui/Field'

/** A menu of merge tags by group, filterable by typing; picking one hands its snippet to `onPick`. */
export function MergeTagPicker({ tags, target, onPick }: { tags: readonly MergeTag[]; target: string; onPick: (snippet: string) => void }) {
  const [open, setOpen] = useState(false)
  const [filter, setFilter] = useState('')
  const [active, setActive] = useState(0)
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const listId = useId()
  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase()
    return tags.filter((tag) => needle === '' || `${tag.label} ${tag.snippet}`.toLowerCase().includes(needle))
  }, [tags, filter])
  const groups = useMemo(() => [...new Set(visible.map((tag) => tag.group))], [visible])

  useOutsidePointerDown(rootRef, open, () => setOpen(false))

  const close = () => {
    setOpen(false)
    setFilter('')
    setActive(0)
    buttonRef.current?.focus()
  }
  const pick = (tag: MergeTag | undefined) => {
    if (!tag) return
    setOpen(false)
    setFilter('')
    setActive(0)
    onPick(tag.snippet)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive((index) => Math.min(visible.length - 1, index + 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((index) => Math.max(0, index - 1))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      pick(visible[active])
    } else if (event.key === 'Escape') {
      event.preventDefault()
      close()
    }
  }

  return (
    <div ref={rootRef} className="relative">
      <Button
        ref={buttonRef}
        size="sm"
        aria-haspopup="listbox"
        aria-expanded={open}
        // Keep the editor's selection: the mouse press must not move focus before the tag goes in.
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => (open ? close() : setOpen(true))}
      >
        <span className="font-mono text-xs text-slate-500">{'{{ }}'}</span>
        Insert merge tag
      </Button>
      {open ? (
        <div className="absolute top-full right-0 z-30 mt-1 w-96 rounded-lg border border-slate-200 bg-white shadow-xl">
          <div className="border-b border-slate-100 p-2">
            <input
              autoFocus
              aria-label="Find a merge tag"
              aria-controls={listId}
              aria-activedescendant={visible[active] ? `${listId}-${active}` : undefined}
              role="combobox"
              aria-expanded
              value={filter}
              onChange={(event) => {
                setFilter(event.target.value)
                setActive(0)
              }}
              onKeyDown={onKeyDown}
              placeholder={`Insert into ${target}…`}
              className={inputClass}
            />
          </div>
          <div id={listId} role="listbox" aria-label="Merge tags" className="max-h-72 overflow-y-auto py-1">
            {visible.length === 0 ? <p className="px-3 py-2 text-sm text-slate-500">No merge tag matches.</p> : null}
            {groups.map((group) => (
              <div key={group} role="group" aria-label={group}>
                <p className="px-3 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{group}</p>
                {visible.map((tag, index) =>
                  tag.group === group ? (
                    <div
                      key={tag.snippet}
                      id={`${listId}-${index}`}
                      role="option"
                      aria-selected={index === active}
                      onMouseDown={(event) => event.preventDefault()}
                      onMouseEnter={() => setActive(index)}
                      onClick={() => pick(tag)}
                      className={`flex cursor-pointer items-baseline justify-between gap-3 px-3 py-1.5 text-sm ${index === active ? 'bg-accent-50' : ''}`}
                    >
                      <span className="shrink-0 text-slate-900">{tag.label}</span>
                      <code className="min-w-0 truncate text-xs text-slate-500">{tag.snippet}</code>
                    </div>
                  ) : null,
                )}
              </div>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  )
}
