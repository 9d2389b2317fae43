import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isMachineClick, isMachineOpen, userAgentFamily } from './machineDetection'

const SENT = 1_700_000_000_000
const LATER = SENT + 3_600_000

const HUMAN_AGENTS = {
  chrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  iosSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  appleMail: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  outlookDesktop: 'Mozilla/4.0 (compatible; ms-office; MSOffice rmj) Microsoft Outlook 16.0.17328; Pro',
}

const MACHINE_AGENTS = {
  gmail: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
  yahoo: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html',
  barracuda: 'Mozilla/5.0 (compatible; Barracuda Sentinel)',
  mimecast: 'Mimecast URL Protect',
  proofpoint: 'Mozilla/5.0 (compatible; Proofpoint URL Defense)',
  curl: 'curl/8.5.0',
  python: 'python-requests/2.31.0',
  headless: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  bingPreview: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b',
}

describe('machine detection', () => {
  it.each(Object.entries(HUMAN_AGENTS))('an hour after sending, %s opens and clicks as a person', (_name, userAgent) => {
    expect(isMachineOpen({ userAgent, at: LATER, issuedAt: SENT })).toBe(false)
    expect(isMachineClick({ userAgent, at: LATER, issuedAt: SENT, method: 'GET' })).toBe(false)
  })

  it.each(Object.entries(MACHINE_AGENTS))('%s is a machine, however late', (_name, userAgent) => {
    expect(isMachineOpen({ userAgent, at: LATER, issuedAt: SENT })).toBe(true)
    expect(isMachineClick({ userAgent, at: LATER, issuedAt: SENT, method: 'GET' })).toBe(true)
  })

  it("Apple's bare WebKit string alone is not enough to call an open a machine", () => {
    expect(userAgentFamily(HUMAN_AGENTS.appleMail)).toBe('apple-mail')
    expect(isMachineOpen({ userAgent: HUMAN_AGENTS.appleMail, at: LATER, issuedAt: SENT })).toBe(false)
  })

  it('a missing User-Agent is a machine', () => {
    expect(isMachineOpen({ userAgent: undefined, at: LATER, issuedAt: SENT })).toBe(true)
    expect(isMachineClick({ userAgent: '  ', at: LATER, issuedAt: SENT, method: 'GET' })).toBe(true)
  })

  it('a HEAD request is a machine click', () => {
    expect(isMachineClick({ userAgent: HUMAN_AGENTS.chrome, at: LATER, issuedAt: SENT, method: 'HEAD' })).toBe(true)
  })

  it('anything within the window after sending is a machine, and nothing after it for a person', () => {
    fc.assert(
      fc.property(fc.integer({ min: -60_000, max: 600_000 }), fc.integer({ min: 1, max: 60 }), (elapsed, windowSeconds) => {
        const facts = { userAgent: HUMAN_AGENTS.chrome, at: SENT + elapsed, issuedAt: SENT, windowSeconds }
        const expected = elapsed < windowSeconds * 1000
        expect(isMachineOpen(facts)).toBe(expected)
        expect(isMachineClick({ ...facts, method: 'GET' })).toBe(expected)
      }),
    )
  })

  it('the default window is 10 seconds', () => {
    expect(isMachineOpen({ userAgent: HUMAN_AGENTS.chrome, at: SENT + 9_999, issuedAt: SENT })).toBe(true)
    expect(isMachineOpen({ userAgent: HUMAN_AGENTS.chrome, at: SENT + 10_000, issuedAt: SENT })).toBe(false)
  })
})
