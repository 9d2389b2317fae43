import type { GraphAnchor } from '../graphEdits'
import { useCanvasActions } from './canvasActions'

/** The round "+" under a node or on an edge that opens the step-type menu for that spot. */
export function AddStepButton({ anchor, label, className = '' }: { anchor: GraphAnchor; label: string; className?: string }) {
  const { openStepMenu, readOnly } = useCanvasActions()
  if (readOnly) return null
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-haspopup="menu"
      // nodrag/nopan: a press on the button must not start dragging the node or panning the canvas.
      className={`nodrag nopan flex h-6 w-6 items-center justify-center rounded-full border border-slate-300 bg-white text-sm leading-none font-semibold text-slate-500 shadow-sm hover:border-accent-500 hover:text-accent-700 focus-visible:ring-2 focus-visible:ring-accent-300 focus-visible:outline-none ${className}`}
      onClick={(event) => {
        event.stopPropagation()
        openStepMenu(anchor, event.currentTarget)
      }}
    >
      +
    </button>
  )
}
