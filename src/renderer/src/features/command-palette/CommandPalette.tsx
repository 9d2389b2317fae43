import * as RadixDialog from '@radix-ui/react-dialog'
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { runAppCommand } from '../../app/appCommands'
import { navigate } from '../../app/router'
import { useAppDispatch, useAppSelector } from '../../app/store'
import { commandPaletteToggled } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { useCompanies, useContactIndexVersion } from '../../data/hooks'
import { paletteItems, type PaletteItem } from './paletteItems'

/** Cmd/Ctrl-K: jump to any contact, company or screen, or run an action, from the keyboard. */
export function CommandPalette() {
  const open = useAppSelector((state) => state.ui.commandPaletteOpen)
  const dispatch = useAppDispatch()
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => dispatch(commandPaletteToggled(next))}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/30" />
        <RadixDialog.Content
          aria-describedby={undefined}
          className="fixed top-[14vh] left-1/2 z-50 w-[calc(100vw-2rem)] max-w-xl -translate-x-1/2 overflow-hidden rounded-xl bg-white shadow-2xl ring-1 ring-slate-900/10"
        >
          <RadixDialog.Title className="sr-only">Command palette</RadixDialog.Title>
          {open ? <PaletteBody onDone={() => dispatch(commandPaletteToggled(false))} /> : null}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  )
}

function PaletteBody({ onDone }: { onDone: () => void }) {
  const dispatch = useAppDispatch()
  const { contacts, sync } = useData()
  const version = useContactIndexVersion(contacts)
  const companies = useCompanies()
  const [text, setText] = useState('')
  const deferredText = useDeferredValue(text)
  const [active, setActive] = useState(0)
  const listRef = useRef<HTMLUListElement>(null)
  const items = useMemo(
    () => paletteItems(deferredText, contacts, companies ?? []),
    // version: the index mutates in place; its version says when results may differ.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [deferredText, contacts, companies, version],
  )
  useEffect(() => setActive(0), [deferredText])
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [active])

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return
    onDone()
    if (item.kind === 'route') navigate(item.route)
    else runAppCommand(item.command, dispatch, sync)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive((index) => Math.min(items.length - 1, index + 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((index) => Math.max(0, index - 1))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      // A fast typer can press Enter before the deferred results catch up: choose from what was typed.
      choose(text === deferredText ? items[active] : paletteItems(text, contacts, companies ?? [])[0])
    }
  }

  return (
    <div className="flex flex-col">
      <input
        autoFocus
        role="combobox"
        aria-expanded
        aria-controls="palette-results"
        aria-activedescendant={items[active] ? `palette-${items[active].id}` : undefined}
        aria-label="Search contacts, companies, screens and actions"
        placeholder="Jump to a contact, company or screen…"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        className="h-12 border-b border-slate-200 px-4 text-base outline-none placeholder:text-slate-400"
      />
      <ul id="palette-results" role="listbox" ref={listRef} className="max-h-[50vh] overflow-y-auto py-2">
        {items.length === 0 ? <li className="px-4 py-6 text-center text-sm text-slate-500">Nothing matches “{text}”.</li> : null}
        {items.map((item, index) => {
          const header = items[index - 1]?.group !== item.group ? item.group : null
          return (
            <li key={item.id} role="presentation">
              {header ? <div className="px-4 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-slate-400 uppercase">{header}</div> : null}
              <div
                id={`palette-${item.id}`}
                role="option"
                aria-selected={index === active}
                data-index={index}
                onMouseMove={() => setActive(index)}
                onClick={() => choose(item)}
                className={`mx-2 flex cursor-pointer items-baseline justify-between gap-3 rounded-md px-3 py-2 text-sm ${index === active ? 'bg-accent-50 text-accent-700' : 'text-slate-800'}`}
              >
                <span className="truncate font-medium">{item.label}</span>
                {item.detail ? <span className="truncate text-xs text-slate-500">{item.detail}</span> : null}
              </div>
            </li>
          )
        })}
      </ul>
      <div className="flex gap-4 border-t border-slate-100 px-4 py-2 text-[11px] text-slate-500">
        <span>↑↓ to move</span>
        <span>Enter to open</span>
        <span>Esc to close</span>
      </div>
    </div>
  )
}
