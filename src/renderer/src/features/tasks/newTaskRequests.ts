// "New task" from the command palette (or the menu) can fire on any screen: the request waits
// here until My tasks is on screen to open its dialog. A module value, because a callback does
// not belong in the Redux store (the same reason as app/undoRegistry).

let pending = false
const listeners = new Set<() => void>()

/** Ask for the New task dialog; My tasks opens it now or as soon as it mounts. */
export function requestNewTask(): void {
  pending = true
  for (const listener of listeners) listener()
}

/** True once per request: the caller opens the dialog. */
export function takeNewTaskRequest(): boolean {
  const was = pending
  pending = false
  return was
}

export function onNewTaskRequest(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
