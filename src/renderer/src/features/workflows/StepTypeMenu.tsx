import { useEffect, useRef, type KeyboardEvent } from 'react'
import { createPortal } from 'react-dom'
import type { WorkflowStepType } from '@core/schema'
import { useOutsidePointerDown } from '../../ui/useOutsidePointerDown'
import { StepIcon } from './nodes/StepIcon'
import { STEP_TYPE_GROUPS, STEP_TYPE_LABELS } from './workflowDisplay'

const MENU_WIDTH = 232
const MENU_MAX_HEIGHT = 420

/**
 * The 14 step types, grouped, next to the "+" that opened it. Focus starts on the first item;
 * arrows (and Home/End) move, Enter picks, Escape or a click outside closes and focus goes back.
 */
export function StepTypeMenu({ at, onPick, onClose }: { at: DOMRect; onPick: (type: WorkflowStepType) => void; onClose: () => void }) {
  const rootRef = useRef<HTMLDivElement>(null)
  useOutsidePointerDown(rootRef, true, onClose)
  useEffect(() => {
    rootRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
  }, [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(rootRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const index = items.indexOf(document.activeElement as HTMLElement)
    let next = -1
    if (event.key === 'ArrowDown') next = (index + 1) % items.length
    else if (event.key === 'ArrowUp') next = (index - 1 + items.length) % items.length
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = items.length - 1
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault()
      onClose()
      return
    }
    if (next < 0) return
    event.preventDefault()
    items[next]?.focus()
  }

  // Below the button when it fits, else above; never off the right edge.
  const left = Math.max(8, Math.min(at.left + at.width / 2 - MENU_WIDTH / 2, window.innerWidth - MENU_WIDTH - 8))
  const fitsBelow = at.bottom + 6 + MENU_MAX_HEIGHT < window.innerHeight
  const style = fitsBelow ? { left, top: at.bottom + 6 } : { left, bottom: Math.max(8, window.innerHeight - at.top + 6) }

  return createPortal(
    <div
      ref={rootRef}
      role="menu"
      aria-label="Step type"
      onKeyDown={onKeyDown}
      style={{ ...style, width: MENU_WIDTH, maxHeight: MENU_MAX_HEIGHT }}
      className="fixed z-50 overflow-y-auto rounded-lg bg-white py-1 shadow-xl ring-1 ring-slate-900/10"
    >
      {STEP_TYPE_GROUPS.map((group) => (
        <div key={group.label} role="group" aria-label={group.label} className="py-1">
          <p aria-hidden className="px-3 pt-1 pb-0.5 text-[10px] font-semibold tracking-wide text-slate-400 uppercase">
            {group.label}
          </p>
          {group.types.map((type) => (
            <button
              key={type}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => onPick(type)}
              className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm text-slate-800 hover:bg-slate-100 focus:bg-accent-50 focus:outline-none"
            >
              <StepIcon type={type} className="h-4 w-4 shrink-0 text-slate-500" />
              {STEP_TYPE_LABELS[type]}
            </button>
          ))}
        </div>
      ))}
    </div>,
    document.body,
  )
}
