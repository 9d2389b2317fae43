import { describe, expect, it } from 'vitest'
import { checkWebhookUrlForm, nonPublicReason, resolveWebhookTarget, vetWebhookUrl } from './ssrfGuard'
import type { HostLookup } from './ssrfGuard'

const answers =
  (...addresses: string[]): HostLookup =>
  () =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })))

describe('nonPublicReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(nonPublicReason(address)).toContain(kind)
  })

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '172.15.255.255', '100.128.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])(
    'accepts the public address %s',
    (address) => {
      expect(nonPublicReason(address)).toBeNull()
    },
  )

  it('refuses what is not an IP address', () => {
    expect(nonPublicReason('example.com')).toBe('not an IP address')
  })
})

describe('checkWebhookUrlForm', () => {
  it('accepts http and https URLs', () => {
    expect(checkWebhookUrlForm('https://hooks.example.com/outpost?x=1').ok).toBe(true)
    expect(checkWebhookUrlForm('http://hooks.example.com:8080/').ok).toBe(true)
  })

  it.each([
    ['ftp://example.com/', 'https://'],
    ['file:///etc/passwd', 'https://'],
    ['gopher://example.com/', 'https://'],
    ['javascript:alert(1)', 'https://'],
    ['https://user:pass@example.com/', 'user name or password'],
    ['https://token@example.com/', 'user name or password'],
    ['not a url', 'full URL'],
    [`https://example.com/${'a'.repeat(2_100)}`, 'longer than'],
  ])('refuses %s', (raw, message) => {
    const checked = checkWebhookUrlForm(raw)
    expect(checked.ok).toBe(false)
    if (!checked.ok) expect(checked.error).toContain(message)
  })
})

describe('resolveWebhookTarget', () => {
  const refused = async (raw: string, lookup: HostLookup, allowPrivate = false) => {
    const result = await vetWebhookUrl(raw, { allowPrivate, lookup })
    return result.ok ? null : result.error
  }

  it('refuses IP literals in private ranges, whatever their spelling', async () => {
    const never: HostLookup = () => Promise.reject(new Error('no DNS for literals'))
    expect(await refused('http://127.0.0.1:3000/', never)).toContain('loopback')
    expect(await refused('http://[::1]/', never)).toContain('loopback')
    expect(await refused('http://[::ffff:7f00:1]/', never)).toContain('loopback')
    // WHATWG URL parsing turns decimal, hex and short forms into dotted quads first.
    expect(await refused('http://2130706433/', never)).toContain('loopback')
    expect(await refused('http://0x7f.1/', never)).toContain('loopback')
    expect(await refused('http://169.254.169.254/latest/meta-data/', never)).toContain('link-local')
    expect(await refused('http://0/', never)).toContain('this network')
  })

  it('refuses a host when any of its addresses is not public', async () => {
    expect(await refused('https://hooks.example.com/', answers('93.184.216.34', '10.0.0.5'))).toContain('10.0.0.5, a private address')
    expect(await refused('https://localtest.me/', answers('127.0.0.1'))).toContain('loopback')
  })

  it('connects to the address it vetted', async () => {
    const result = await resolveWebhookTarget(new URL('https://hooks.example.com/x'), { allowPrivate: false, lookup: answers('93.184.216.34') })
    expect(result).toEqual({ ok: true, value: { address: '93.184.216.34', family: 4 } })
  })

  it('says so when the host does not resolve', async () => {
    expect(await refused('https://nowhere.invalid/', () => Promise.reject(new Error('ENOTFOUND')))).toContain('could not be resolved')
    expect(await refused('https://empty.example/', answers())).toContain('could not be resolved')
  })

  it('lets private targets through only when the server allows them', async () => {
    expect(await refused('http://127.0.0.1:4000/hook', answers(), true)).toBeNull()
    expect(await refused('http://receiver.internal/hook', answers('10.1.1.1'), true)).toBeNull()
    // The form rules still hold.
    expect(await refused('http://admin:pw@127.0.0.1/', answers(), true)).toContain('user name or password')
  })
})
