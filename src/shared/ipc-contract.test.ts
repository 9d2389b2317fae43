import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  eventChannels,
  eventContract,
  invokeChannels,
  invokeContract,
  isEventChannel,
  isInvokeChannel,
  type EventPayload,
  type InvokeArgs,
  type InvokeResponse,
  type OutpostBridge,
} from './ipc-contract'

describe('ipc contract', () => {
  it('lists exactly the channels the app uses', () => {
    expect(invokeChannels.sort()).toEqual([
      'app:get-info',
      'app:renderer-ready',
      'clipboard:write-text',
      'desktop:badge',
      'desktop:notify',
      'desktop:sync-state',
      'session:clear',
      'session:get',
      'session:set',
      'shell:open-external',
      'update:check',
      'update:get-status',
      'update:install',
    ])
    expect(eventChannels.sort()).toEqual(['app:navigate', 'menu:command', 'update:status'])
  })

  it('recognises only own contract entries as channels', () => {
    expect(isInvokeChannel('app:get-info')).toBe(true)
    expect(isInvokeChannel('menu:command')).toBe(false)
    expect(isEventChannel('menu:command')).toBe(true)
    for (const bogus of ['toString', '__proto__', 'constructor', '', 42, null, undefined]) {
      expect(isInvokeChannel(bogus)).toBe(false)
      expect(isEventChannel(bogus)).toBe(false)
    }
  })

  it('accepts valid payloads and rejects malformed ones', () => {
    const openExternal = invokeContract['shell:open-external'].request
    expect(openExternal.safeParse({ url: 'https://example.com' }).success).toBe(true)
    expect(openExternal.safeParse({ url: 42 }).success).toBe(false)
    expect(openExternal.safeParse({ url: 'https://example.com', extra: true }).success).toBe(false)
    expect(openExternal.safeParse({ url: `https://example.com/${'a'.repeat(3000)}` }).success).toBe(false)
    expect(invokeContract['app:get-info'].request.safeParse(undefined).success).toBe(true)
    expect(invokeContract['app:get-info'].request.safeParse({ sneaky: 1 }).success).toBe(false)
  })

  it('accepts a well-formed sync session and rejects one a hostile page might hand over', () => {
    const set = invokeContract['session:set'].request
    const session = {
      serverUrl: 'http://127.0.0.1:3100',
      token: 't0k3n',
      user: { id: 'u1', email: 'ada@example.com', name: 'Ada' },
      workspaceId: 'w1',
      workspaces: [{ id: 'w1', name: 'Acme', role: 'owner' }],
    }
    expect(set.safeParse(session).success).toBe(true)
    expect(set.safeParse({ ...session, serverUrl: 'javascript:alert(1)' }).success).toBe(false)
    expect(set.safeParse({ ...session, token: 'x'.repeat(5000) }).success).toBe(false)
    expect(set.safeParse({ ...session, user: { ...session.user, isAdmin: true } }).success).toBe(false)
    expect(invokeContract['session:get'].response.safeParse({ session: null, persisted: false }).success).toBe(true)
    expect(invokeContract['session:get'].response.safeParse({ session: null }).success).toBe(false)
  })

  it('validates menu commands', () => {
    expect(eventContract['menu:command'].safeParse({ command: 'new-contact' }).success).toBe(true)
    expect(eventContract['menu:command'].safeParse({ command: 'format-disk' }).success).toBe(false)
  })

  it('accepts only app hash routes for navigation and notification clicks', () => {
    const navigate = eventContract['app:navigate']
    for (const route of ['#/contacts', '#/contacts/01HZX3Q4N8W2M5K7T9V0B1C2D3', '#/campaigns/abc/report', '#/settings/sync']) {
      expect(navigate.safeParse({ route }).success).toBe(true)
    }
    for (const route of ['https://evil.example', '#/../x', '#/a?b=1', '#/a#b', 'contacts', '#contacts', `#/${'a'.repeat(400)}`, '']) {
      expect(navigate.safeParse({ route }).success).toBe(false)
    }
  })

  it('validates update statuses', () => {
    const status = eventContract['update:status']
    expect(status.safeParse({ state: 'downloading', version: '1.2.0', percent: 42.5, userInitiated: false }).success).toBe(true)
    expect(status.safeParse({ state: 'downloading', percent: 140, userInitiated: false }).success).toBe(false)
    expect(status.safeParse({ state: 'exploded', userInitiated: false }).success).toBe(false)
    expect(status.safeParse({ state: 'idle' }).success).toBe(false)
  })

  it('validates notifications and badge counts', () => {
    const notify = invokeContract['desktop:notify'].request
    expect(notify.safeParse({ title: 'Campaign sent', body: 'Spring sale', route: '#/campaigns/x/report' }).success).toBe(true)
    expect(notify.safeParse({ title: 'Campaign sent', body: 'Spring sale' }).success).toBe(true)
    expect(notify.safeParse({ title: 'x', body: 'y', route: 'javascript:alert(1)' }).success).toBe(false)
    expect(notify.safeParse({ title: 'x', body: 'y', icon: '/etc/passwd' }).success).toBe(false)
    const badge = invokeContract['desktop:badge'].request
    expect(badge.safeParse({ count: 0 }).success).toBe(true)
    expect(badge.safeParse({ count: -1 }).success).toBe(false)
    expect(badge.safeParse({ count: 2.5 }).success).toBe(false)
  })

  it('validates open-external results as a Result', () => {
    const result = invokeContract['shell:open-external'].response
    expect(result.safeParse({ ok: true }).success).toBe(true)
    expect(result.safeParse({ ok: false, error: 'no' }).success).toBe(true)
    expect(result.safeParse({ ok: false }).success).toBe(false)
  })

  it('derives per-channel types for the bridge', () => {
    expectTypeOf<InvokeResponse<'app:get-info'>>().toEqualTypeOf<{ name: string; version: string; platform: string }>()
    expectTypeOf<InvokeArgs<'app:get-info'>>().toEqualTypeOf<[payload?: undefined]>()
    expectTypeOf<InvokeArgs<'shell:open-external'>>().toEqualTypeOf<[payload: { url: string }]>()
    expectTypeOf<EventPayload<'menu:command'>['command']>().toEqualTypeOf<
      'new-contact' | 'new-company' | 'search' | 'command-palette' | 'go-contacts' | 'go-companies' | 'go-settings' | 'go-import' | 'sync-now' | 'new-task'
    >()
    expectTypeOf<OutpostBridge['on']>().returns.toEqualTypeOf<() => void>()
  })
})
