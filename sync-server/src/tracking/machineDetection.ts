// Tells likely machine opens and clicks from human ones (issue 5, item 9). Pure: the User-Agent,
// the method and the time since the message was built decide. Machine events are still recorded,
// flagged, and reported apart.

export type UserAgentFamily =
  | 'browser'
  | 'apple-mail'
  | 'mail-client'
  | 'gmail-proxy'
  | 'yahoo-proxy'
  | 'security-scanner'
  | 'http-client'
  | 'headless'
  | 'bot'
  | 'none'

/** Seconds after the message was built within which an open or click is taken for a machine. */
export const DEFAULT_MACHINE_WINDOW_SECONDS = 10

// Checked in order: the first match names the family.
const FAMILIES: ReadonlyArray<readonly [UserAgentFamily, RegExp]> = [
  ['gmail-proxy', /GoogleImageProxy|ggpht\.com/i],
  ['yahoo-proxy', /YahooMailProxy/i],
  [
    'security-scanner',
    /Barracuda|Mimecast|Proofpoint|ppops-|urldefense|Symantec|MessageLabs|Forcepoint|IronPort|FireEye|Trend ?Micro|Sophos|SafeLinks|BingPreview|Microsoft Office Existence Discovery|MSOffice 1\d; ms-office/i,
  ],
  ['headless', /HeadlessChrome|PhantomJS|Puppeteer|Playwright|Electron\/[\d.]+ .*Headless/i],
  ['http-client', /^(curl|Wget|libwww-perl|okhttp|axios|node-fetch|undici|Go-http-client|Java)\b|python-(requests|urllib|httpx)|aiohttp|Apache-HttpClient|autocannon/i],
  ['bot', /\b(bot|crawler|spider)\b|[a-z]bot\/|Slurp|facebookexternalhit|Slackbot|Twitterbot|LinkedInBot|Discordbot|WhatsApp|TelegramBot|Scanner/i],
  ['mail-client', /Outlook|Thunderbird|Microsoft Office|Airmail|Spark\/|Superhuman/i],
  ['browser', /Firefox\/|Chrome\/|CriOS\/|FxiOS\/|Edg\/|Safari\/|OPR\//],
  // Apple Mail (and its privacy proxy) send a bare WebKit string: a person's client as often as not.
  ['apple-mail', /AppleWebKit\//],
]

const MACHINE_FAMILIES: ReadonlySet<UserAgentFamily> = new Set(['gmail-proxy', 'yahoo-proxy', 'security-scanner', 'http-client', 'headless', 'bot', 'none'])

/** A short family name for a User-Agent (stored instead of the raw header). */
export function userAgentFamily(userAgent: string | undefined): UserAgentFamily {
  const agent = userAgent?.trim() ?? ''
  if (agent === '') return 'none'
  for (const [family, pattern] of FAMILIES) if (pattern.test(agent)) return family
  return 'browser'
}

export interface TrackingHitFacts {
  userAgent: string | undefined
  /** When the hit arrived (epoch ms). */
  at: number
  /** When the message was built (the token's issuedAt, epoch ms). */
  issuedAt: number
  windowSeconds?: number
  /** userAgentFamily(userAgent), when the caller has it already. */
  family?: UserAgentFamily
}

function tooSoon({ at, issuedAt, windowSeconds = DEFAULT_MACHINE_WINDOW_SECONDS }: TrackingHitFacts): boolean {
  // Earlier than issuedAt only happens with skewed clocks: no person opened it before it existed.
  return at - issuedAt < windowSeconds * 1000
}

/** Privacy proxies, prefetchers, scanners, scripts, or an open within seconds of sending. */
export function isMachineOpen(facts: TrackingHitFacts): boolean {
  return MACHINE_FAMILIES.has(facts.family ?? userAgentFamily(facts.userAgent)) || tooSoon(facts)
}

/** Link scanners and scripts, HEAD requests (people's browsers GET), or a click within seconds of sending. */
export function isMachineClick(facts: TrackingHitFacts & { method: string }): boolean {
  return facts.method.toUpperCase() === 'HEAD' || MACHINE_FAMILIES.has(facts.family ?? userAgentFamily(facts.userAgent)) || tooSoon(facts)
}
