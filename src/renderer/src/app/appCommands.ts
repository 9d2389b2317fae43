import { requestNewTask } from '../features/tasks/newTaskRequests'
import type { MenuCommand } from '../platform/platform'
import { navigate } from './router'
import type { AppDispatch } from './store'
import { commandPaletteToggled, companyDialogSet, contactDialogSet, toastShown } from './uiSlice'

export const CONTACT_SEARCH_INPUT_ID = 'contact-search'

/** The sync controller as "Sync Now" needs it. */
export interface SyncNowPort {
  syncNow(): void
  getSnapshot(): { account: unknown }
}

/** One place that carries out app-wide commands, whether from the menu, the tray, a shortcut or the palette. */
export function runAppCommand(command: MenuCommand, dispatch: AppDispatch, sync: SyncNowPort): void {
  switch (command) {
    case 'new-contact':
      dispatch(contactDialogSet({ mode: 'create' }))
      return
    case 'new-company':
      dispatch(companyDialogSet({ mode: 'create' }))
      return
    case 'command-palette':
      dispatch(commandPaletteToggled(true))
      return
    case 'search':
      navigate({ name: 'contacts' })
      focusWhenRendered(CONTACT_SEARCH_INPUT_ID)
      return
    case 'go-contacts':
      navigate({ name: 'contacts' })
      return
    case 'go-companies':
      navigate({ name: 'companies' })
      return
    case 'go-settings':
      navigate({ name: 'settings' })
      return
    case 'go-import':
      navigate({ name: 'import' })
      return
    case 'new-task':
      // My tasks opens its New task dialog for the request, now or once it has mounted.
      requestNewTask()
      navigate({ name: 'tasks' })
      return
    case 'sync-now':
      if (sync.getSnapshot().account) {
        sync.syncNow()
        return
      }
      // Nothing to sync without an account: show where to sign in.
      navigate({ name: 'settings', section: 'sync' })
      dispatch(toastShown({ message: 'Sign in to a sync server to sync this workspace.' }))
      return
  }
}

function focusWhenRendered(elementId: string, attemptsLeft = 10): void {
  const element = document.getElementById(elementId)
  if (element instanceof HTMLInputElement) {
    element.focus()
    element.select()
  } else if (attemptsLeft > 0) {
    requestAnimationFrame(() => focusWhenRendered(elementId, attemptsLeft - 1))
  }
}
