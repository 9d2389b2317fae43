import type { AppDispatch } from './store'
import { toastShown } from './uiSlice'

// Undo callbacks are functions, which do not belong in the Redux store: they live here, keyed by toast id.
const undoActions = new Map<number, () => Promise<void>>()

export function showUndoToast(dispatch: AppDispatch, message: string, undo: () => Promise<void>): void {
  const action = dispatch(toastShown({ message, undoable: true }))
  undoActions.set(action.payload.id, undo)
}

export async function runUndo(toastId: number): Promise<boolean> {
  const undo = undoActions.get(toastId)
  if (!undo) return false
  undoActions.delete(toastId)
  await undo()
  return true
}

export function forgetUndo(toastId: number): void {
  undoActions.delete(toastId)
}
