import { lookup as dnsLookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

// Outbound webhooks must not become a way into the server's own network (SSRF): an endpoint URL
// is plain http(s) without credentials, and every address its host resolves to must be public,
// unless the server allows private targets (OUTPOST_WEBHOOKS_ALLOW_PRIVATE, for tests and
// on-premises receivers). The request then connects to the vetted address itself, so a DNS answer
// that changes between the check and the connection (rebinding) cannot redirect it.

export type Result<T> = { ok: true; value: T } | { ok: false; error: string }

export interface ResolvedAddress {
  address: string
  family: 4 | 6
}

/** Resolves a host name to every address (dns.lookup with all: true). Injected in tests. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>

export const systemLookup: HostLookup = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true })
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }))
}

export const MAX_WEBHOOK_URL_LENGTH = 2_048

const BLOCKED_V4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'a reserved address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved or broadcast address'],
]
const BLOCKED_V6: Array<[string, number, string]> = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['100::', 64, 'a discard address'],
  ['2001:db8::', 32, 'a documentation address'],
  ['fc00::', 7, 'a private (unique local) address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a site-local address'],
  ['ff00::', 8, 'a multicast address'],
]

const ranges = (entries: Array<[string, number, string]>, type: 'ipv4' | 'ipv6') =>
  entries.map(([network, prefix, reason]) => {
    const list = new BlockList()
    list.addSubnet(network, prefix, type)
    return { list, reason }
  })
const RANGES_V4 = ranges(BLOCKED_V4, 'ipv4')
const RANGES_V6 = ranges(BLOCKED_V6, 'ipv6')

/** Why an address may not be a webhook target, or null when it is public. */
export function nonPublicReason(address: string): string | null {
  const version = isIP(address)
  if (version === 0) return 'not an IP address'
  if (version === 4) return RANGES_V4.find(({ list }) => list.check(address, 'ipv4'))?.reason ?? null
  const embedded = embeddedIPv4(address)
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible and NAT64 (64:ff9b::/96) addresses reach the IPv4 behind them.
  if (embedded !== null) return nonPublicReason(embedded)
  return RANGES_V6.find(({ list }) => list.check(address, 'ipv6'))?.reason ?? null
}

/** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address, else null. */
function embeddedIPv4(address: string): string | null {
  const groups = expandIPv6(address)
  if (groups === null) return null
  const high = groups.slice(0, 6)
  const mapped = high.slice(0, 5).every((g) => g === 0) && high[5] === 0xffff
  const compatible = high.every((g) => g === 0) && (groups[6] ?? 0) !== 0
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)
  if (!mapped && !compatible && !nat64) return null
  const g6 = groups[6] ?? 0
  const g7 = groups[7] ?? 0
  return [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join('.')
}

/** Eight 16-bit groups of an IPv6 address (dotted IPv4 tail allowed), or null. */
function expandIPv6(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0] ?? ''
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted?.[1] !== undefined) {
    const parts = dotted[1].split('.').map(Number)
    const hex = [((parts[0] ?? 0) << 8) | (parts[1] ?? 0), ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)].map((n) => n.toString(16))
    text = text.slice(0, -dotted[1].length) + hex.join(':')
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const parse = (part: string | undefined) => (part === undefined || part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)))
  const head = parse(halves[0])
  const tail = parse(halves[1])
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0
  const groups = [...head, ...Array<number>(Math.max(0, fill)).fill(0), ...tail]
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null
}

/** Checks the URL's form (no DNS): http(s), a host, no credentials, not too long. */
export function checkWebhookUrlForm(raw: string): Result<URL> {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, error: `the URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters` }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, error: 'enter a full URL, like https://example.com/hooks/outpost' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, error: 'the URL must start with https:// or http://' }
  if (url.username !== '' || url.password !== '') return { ok: false, error: 'the URL must not contain a user name or password (the signature authenticates requests)' }
  if (url.hostname === '') return { ok: false, error: 'the URL has no host' }
  return { ok: true, value: url }
}

/** The host as DNS or an IP literal sees it ([::1] → ::1). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') && url.hostname.endsWith(']') ? url.hostname.slice(1, -1) : url.hostname
}

/**
 * Resolves the URL's host and vets every address; returns the address to connect to. Any
 * non-public answer refuses the whole host (an attacker's DNS may mix one in).
 */
export async function resolveWebhookTarget(url: URL, options: { allowPrivate: boolean; lookup?: HostLookup }): Promise<Result<ResolvedAddress>> {
  const host = hostOf(url)
  let addresses: ResolvedAddress[]
  const literal = isIP(host)
  if (literal !== 0) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }]
  else {
    try {
      addresses = await (options.lookup ?? systemLookup)(host)
    } catch {
      return { ok: false, error: `the host ${host} could not be resolved` }
    }
  }
  const first = addresses[0]
  if (first === undefined) return { ok: false, error: `the host ${host} could not be resolved` }
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const reason = nonPublicReason(address)
      if (reason !== null) return { ok: false, error: `the host ${host} resolves to ${address}, ${reason}: webhooks only go to public addresses` }
    }
  }
  return { ok: true, value: first }
}

/** Form and address checks together (registration and each delivery). */
export async function vetWebhookUrl(raw: string, options: { allowPrivate: boolean; lookup?: HostLookup }): Promise<Result<{ url: URL; target: ResolvedAddress }>> {
  const form = checkWebhookUrlForm(raw)
  if (!form.ok) return form
  const target = await resolveWebhookTarget(form.value, options)
  return target.ok ? { ok: true, value: { url: form.value, target: target.value } } : target
}
