import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { appRouteSchema } from './ipc-contract'
import { deepLinkRoute, formatDeepLink, parseDeepLink, type DeepLinkTarget } from './deep-link'

const ULID = '01HZX3Q4N8W2M5K7T9V0B1C2D3'
// The scheme is case-insensitive, the rest is exact.
const ALLOWED = /^[Oo][Uu][Tt][Pp][Oo][Ss][Tt]:\/\/(?:(?:contact|campaign)\/[0-9A-Za-z]{1,64}|campaigns|import)\/?$/

const idArb = fc.stringMatching(/^[0-9A-Za-z]{1,64}$/)
const targetArb: fc.Arbitrary<DeepLinkTarget> = fc.oneof(
  idArb.map((id) => ({ kind: 'contact' as const, id })),
  idArb.map((id) => ({ kind: 'campaign' as const, id })),
  fc.constant({ kind: 'campaigns' as const }),
  fc.constant({ kind: 'import' as const }),
)

describe('parseDeepLink', () => {
  it.each([
    [`outpost://contact/${ULID}`, { kind: 'contact', id: ULID }],
    [`outpost://campaign/${ULID}`, { kind: 'campaign', id: ULID }],
    [`outpost://contact/${ULID}/`, { kind: 'contact', id: ULID }],
    [`OUTPOST://contact/abc`, { kind: 'contact', id: 'abc' }],
    ['outpost://campaigns', { kind: 'campaigns' }],
    ['outpost://campaigns/', { kind: 'campaigns' }],
    ['outpost://import', { kind: 'import' }],
  ])('reads %s', (link, target) => {
    expect(parseDeepLink(link)).toEqual(target)
  })

  it.each([
    'outpost://contact/',
    'outpost://contact',
    'outpost://contact/a/b',
    'outpost://contact//abc',
    'outpost://contact/abc?x=1',
    'outpost://contact/abc#frag',
    'outpost://contact/ab%2Fc',
    'outpost://contact/../settings',
    'outpost://contact/abc def',
    'outpost://Contact/abc',
    'outpost://user@contact/abc',
    'outpost://contact:80/abc',
    'outpost:contact/abc',
    'outpost:///contact/abc',
    'outpost://settings',
    'outpost://import/x',
    'outpost://campaigns?x',
    'https://contact/abc',
    'javascript:alert(1)//outpost://contact/abc',
    ' outpost://contact/abc',
    'outpost://contact/abc\n',
    `outpost://contact/${'a'.repeat(65)}`,
    '',
  ])('refuses %j', (link) => {
    expect(parseDeepLink(link)).toBeNull()
  })

  it('accepts nothing outside the allowed forms (property)', () => {
    const scheme = fc.constantFrom('outpost://', 'OUTPOST://', 'Outpost://', 'outpost:/', 'outpost:', 'outposts://', '')
    const kind = fc.constantFrom('contact/', 'campaign/', 'campaigns', 'import', 'Contact/', 'settings', '')
    const rest = fc.oneof(fc.string(), idArb, idArb.map((id) => `${id}/`), fc.string({ unit: 'binary' }))
    const near = fc.oneof(fc.string(), fc.tuple(scheme, kind, rest).map((parts) => parts.join('')))
    fc.assert(
      fc.property(near, (link) => {
        const target = parseDeepLink(link)
        if (!target) {
          expect(link).not.toMatch(ALLOWED)
          return
        }
        expect(link).toMatch(ALLOWED)
        // What passed is the canonical link for its target, give or take scheme case and one trailing slash.
        const canonical = formatDeepLink(target)
        expect([canonical, `${canonical}/`]).toContain(`outpost://${link.slice('outpost://'.length)}`)
      }),
      { numRuns: 3000 },
    )
  })

  it('reads back every link it formats (property)', () => {
    fc.assert(
      fc.property(targetArb, (target) => {
        expect(parseDeepLink(formatDeepLink(target))).toEqual(target)
      }),
    )
  })

  it('maps every target to a route the IPC contract accepts (property)', () => {
    fc.assert(
      fc.property(targetArb, (target) => {
        expect(appRouteSchema.safeParse(deepLinkRoute(target)).success).toBe(true)
      }),
    )
  })

  it('maps targets to the renderer routes', () => {
    expect(deepLinkRoute({ kind: 'contact', id: ULID })).toBe(`#/contacts/${ULID}`)
    expect(deepLinkRoute({ kind: 'campaign', id: ULID })).toBe(`#/campaigns/${ULID}`)
    expect(deepLinkRoute({ kind: 'campaigns' })).toBe('#/campaigns')
    expect(deepLinkRoute({ kind: 'import' })).toBe('#/import')
  })
})
