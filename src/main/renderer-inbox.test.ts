import { describe, expect, it, vi } from 'vitest'
import type { MenuCommand } from '../shared/ipc-contract'
import { createRendererInbox } from './renderer-inbox'

function setup() {
  const sendRoute = vi.fn<(route: string) => void>()
  const sendCommand = vi.fn<(command: MenuCommand) => void>()
  const focus = vi.fn()
  return { inbox: createRendererInbox({ sendRoute, sendCommand, focus }), sendRoute, sendCommand, focus }
}

describe('renderer inbox', () => {
  it('holds a link that arrives before the renderer listens (macOS open-url before launch); the latest wins', () => {
    const { inbox, sendRoute, focus } = setup()
    inbox.navigate('#/contacts/a')
    inbox.navigate('#/campaigns/b')
    expect(sendRoute).not.toHaveBeenCalled()
    expect(focus).toHaveBeenCalledTimes(2)
    expect(inbox.rendererReady()).toEqual({ route: '#/campaigns/b', command: null })
    expect(inbox.rendererReady()).toEqual({ route: null, command: null })
  })

  it('holds a tray command for a window that is still opening', () => {
    const { inbox, sendCommand } = setup()
    inbox.command('new-contact')
    expect(sendCommand).not.toHaveBeenCalled()
    expect(inbox.rendererReady()).toEqual({ route: null, command: 'new-contact' })
  })

  it('sends straight to a renderer that listens, and holds again while it reloads', () => {
    const { inbox, sendRoute, sendCommand, focus } = setup()
    inbox.rendererReady()
    inbox.navigate('#/contacts/a')
    inbox.command('sync-now')
    expect(sendRoute).toHaveBeenCalledWith('#/contacts/a')
    expect(sendCommand).toHaveBeenCalledWith('sync-now')
    expect(focus).toHaveBeenCalledTimes(2)
    inbox.rendererGone()
    inbox.navigate('#/import')
    expect(sendRoute).toHaveBeenCalledTimes(1)
    expect(inbox.rendererReady()).toEqual({ route: '#/import', command: null })
  })
})
