import { useEffect } from 'react'
import { useData } from '../data/dataContext'
import type { MenuCommand } from '../platform/platform'
import { platform } from '../platform'
import { runAppCommand } from './appCommands'
import { useAppDispatch } from './store'

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

/** Maps a key press to an app command: Mod+K palette, Mod+F or / search, Mod+N or C new contact. */
export function shortcutCommand(event: Pick<KeyboardEvent, 'key' | 'metaKey' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'target'>): MenuCommand | null {
  const mod = event.metaKey || event.ctrlKey
  const key = event.key.toLowerCase()
  if (mod && !event.altKey && key === 'k') return 'command-palette'
  if (mod && !event.altKey && !event.shiftKey && key === 'f') return 'search'
  if (mod && event.altKey && key === 'n') return 'new-contact'
  if (mod || event.altKey || isTyping(event.target)) return null
  if (key === '/') return 'search'
  if (key === 'c' && !event.shiftKey) return 'new-contact'
  return null
}

export function useGlobalShortcuts(): void {
  const dispatch = useAppDispatch()
  const { sync } = useData()
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // Radix dialogs own the keyboard while open.
      if (document.querySelector('[role="dialog"]') && !(event.key.toLowerCase() === 'k' && (event.metaKey || event.ctrlKey))) return
      const command = shortcutCommand(event)
      if (!command) return
      event.preventDefault()
      runAppCommand(command, dispatch, sync)
    }
    window.addEventListener('keydown', onKeyDown)
    const stopMenu = platform.onMenuCommand((command) => runAppCommand(command, dispatch, sync))
    return () => {
      window.removeEventListener('keydown', onKeyDown)
      stopMenu()
    }
  }, [dispatch, sync])
}
