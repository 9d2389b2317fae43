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
    expect(invokeChannels.sort()).toEqual(['app:get-info', 'clipboard:write-text', 'session:clear', 'session:get', 'session:set', 'shell:open-external'])
    expect(eventChannels).toEqual(['menu:command'])
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
      'new-contact' | 'new-company' | 'search' | 'command-palette' | 'go-contacts' | 'go-companies' | 'go-settings'
    >()
    expectTypeOf<OutpostBridge['on']>().returns.toEqualTypeOf<() => void>()
  })
})
