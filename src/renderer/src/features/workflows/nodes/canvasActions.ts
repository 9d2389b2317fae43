import { createContext, useContext } from 'react'
import type { GraphAnchor } from '../graphEdits'

/** What nodes and edges on the canvas can ask the builder to do (passed by context, not node data). */
export interface CanvasActions {
  /** Opens the step-type menu next to `button`; the chosen step goes after `anchor`. */
  openStepMenu: (anchor: GraphAnchor, button: HTMLElement) => void
  readOnly: boolean
}

export const CanvasActionsContext = createContext<CanvasActions>({ openStepMenu: () => undefined, readOnly: true })

export function useCanvasActions(): CanvasActions {
  return useContext(CanvasActionsContext)
}
