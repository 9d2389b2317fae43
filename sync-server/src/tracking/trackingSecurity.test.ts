import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signUp, createTestApp, TEST_TRACKING_SECRET } from '../testing/testApp'
import type { TestApp } from '../testing/testApp'
import { CHROME, givenTrackedCampaign, snapshotDocuments } from './trackingFixture'
import type { TrackedCampaign } from './trackingFixture'
import { signTrackingToken, verifyTrackingToken } from './trackingTokens'

// Attacks on the public endpoints: whatever the request, a click never redirects outside the
// campaign's stored links, and a token that is not ours (forged, altered, another workspace's
// ids) gets 404 with nothing recorded: no tracking_events row, no document changed.

let testApp: TestApp
let campaignA: TrackedCampaign
let campaignB: TrackedCampaign

beforeEach(async () => {
  testApp = await createTestApp()
  campaignA = await givenTrackedCampaign(testApp, { links: ['https://a.example/only'] })
  campaignB = await givenTrackedCampaign(testApp, { links: ['https://b.example/0', 'https://b.example/1', 'https://b.example/2'] })
})

afterEach(async () => {
  await testApp.close()
})

const get = (url: string) => testApp.app.inject({ method: 'GET', url, headers: { 'user-agent': CHROME } })

/** Runs `attack`, then proves nothing was recorded in either workspace. */
async function expectNothingRecorded(attack: () => Promise<void>): Promise<void> {
  const before = [await snapshotDocuments(testApp, campaignA.workspaceId), await snapshotDocuments(testApp, campaignB.workspaceId)]
  await attack()
  await testApp.tracking.recorder.settle()
  expect(await testApp.storage.tracking.countEvents()).toBe(0)
  expect([await snapshotDocuments(testApp, campaignA.workspaceId), await snapshotDocuments(testApp, campaignB.workspaceId)]).toEqual(before)
  expect(await testApp.storage.sending.isSuppressed(campaignA.workspaceId, campaignA.email)).toBe(false)
}

/** Replaces one dot-separated part of a token, keeping its signature. */
function withPart(token: string, index: number, value: string): string {
  const parts = token.split('.')
  parts[index] = value
  return parts.join('.')
}

describe('open redirect', () => {
  it('ignores a URL in the query string', async () => {
    const response = await get(`/t/c/${campaignA.token('c', 0)}?url=https://evil.example/&redirect=//evil.example`)
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('https://a.example/only')
  })

  it.each(['//evil.example', '/%2F%2Fevil.example', '/https://evil.example', '/../../evil.example'])('refuses a path that smuggles %s', async (suffix) => {
    await expectNothingRecorded(async () => {
      for (const url of [`/t/c${suffix}`, `/t/c/${campaignA.token('c', 0)}${suffix}`]) {
        const response = await get(url)
        expect(response.statusCode).toBe(404)
        expect(response.headers.location).toBeUndefined()
      }
    })
  })

  it('an altered link index fails the signature', async () => {
    await expectNothingRecorded(async () => {
      const response = await get(`/t/c/${withPart(campaignB.token('c', 0), 4, '2')}`)
      expect(response.statusCode).toBe(404)
    })
  })

  it("a genuine token of campaign A with a link index only campaign B has never reaches B's links", async () => {
    const outOfRange = signTrackingToken(
      { kind: 'c', workspaceId: campaignA.workspaceId, campaignId: campaignA.campaignId, contactId: campaignA.contactId, linkIndex: 2, issuedAt: 0 },
      TEST_TRACKING_SECRET,
    )
    await expectNothingRecorded(async () => {
      const response = await get(`/t/c/${outOfRange}`)
      expect(response.statusCode).toBe(404)
      expect(response.headers.location).toBeUndefined()
    })
  })

  it('a stored link that is not a web address is never redirected to', async () => {
    const scripted = await givenTrackedCampaign(testApp, { links: ['javascript:alert(1)', 'https://fine.example/\r\nSet-Cookie: x=1'] })
    for (const index of [0, 1]) {
      const response = await get(`/t/c/${scripted.token('c', index)}`)
      expect(response.statusCode).toBe(404)
      expect(response.headers.location).toBeUndefined()
    }
  })

  it('a campaign whose links were never stored answers 404', async () => {
    const unknownCampaign = signTrackingToken(
      { kind: 'c', workspaceId: campaignA.workspaceId, campaignId: 'NOSUCHCAMPAIGN', contactId: campaignA.contactId, linkIndex: 0, issuedAt: 0 },
      TEST_TRACKING_SECRET,
    )
    await expectNothingRecorded(async () => {
      expect((await get(`/t/c/${unknownCampaign}`)).statusCode).toBe(404)
    })
  })
})

describe('forged and misused tokens', () => {
  const forgeries = (): Array<[string, string]> => {
    const open = campaignA.token('o')
    const lastChar = open.at(-1) === 'A' ? 'B' : 'A'
    return [
      ['garbage', 'not-a-token'],
      ['an altered signature', open.slice(0, -1) + lastChar],
      ['another secret', signTrackingToken(verifyTrackingToken(open, 'o', TEST_TRACKING_SECRET) ?? fail(), 'another-secret-0123456789abcdefghijklmnop')],
      ["another workspace's id", withPart(open, 1, campaignB.workspaceId)],
      ["another campaign's id", withPart(open, 2, campaignB.campaignId)],
      ["another contact's id", withPart(open, 3, campaignB.contactId)],
      ['a later issue time', withPart(open, 5, 'zzzzzz')],
      ['a click token', campaignA.token('c', 0)],
      ['an unsubscribe token', campaignA.token('u')],
    ]
  }

  it('the pixel answers 404 and records nothing for any of them', async () => {
    await expectNothingRecorded(async () => {
      for (const [name, token] of forgeries()) {
        const response = await get(`/t/o/${token}`)
        expect(response.statusCode, name).toBe(404)
      }
    })
  })

  it('the click answers 404 without a Location for any of them', async () => {
    await expectNothingRecorded(async () => {
      for (const [name, token] of forgeries()) {
        const clickToken = token === campaignA.token('c', 0) ? campaignA.token('o') : token.replace(/^o\./, 'c.')
        const response = await get(`/t/c/${clickToken}`)
        expect(response.statusCode, name).toBe(404)
        expect(response.headers.location, name).toBeUndefined()
      }
    })
  })

  it('unsubscribe GET and POST answer 404 and change nothing for any of them', async () => {
    await expectNothingRecorded(async () => {
      for (const [name, token] of forgeries()) {
        const unsubscribeToken = token === campaignA.token('u') ? campaignA.token('o') : token.replace(/^o\./, 'u.')
        for (const method of ['GET', 'POST'] as const) {
          const response = await testApp.app.inject({ method, url: `/u/${unsubscribeToken}`, payload: method === 'POST' ? 'List-Unsubscribe=One-Click' : undefined, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
          expect(response.statusCode, `${method} ${name}`).toBe(404)
        }
      }
    })
  })

  it("a genuine token naming a workspace whose data it is not (a stranger's workspace) records nothing there", async () => {
    const stranger = await signUp(testApp.app)
    const before = await snapshotDocuments(testApp, stranger.workspaceId)
    // Signed for campaign A's workspace: swapping in the stranger's id breaks the signature.
    expect((await get(`/t/o/${withPart(campaignA.token('o'), 1, stranger.workspaceId)}`)).statusCode).toBe(404)
    await testApp.tracking.recorder.settle()
    expect(await testApp.storage.tracking.countEvents(stranger.workspaceId)).toBe(0)
    expect(await snapshotDocuments(testApp, stranger.workspaceId)).toEqual(before)
  })
})

describe('unsubscribe needs a POST', () => {
  it('GET alone, however often and with whatever query, changes nothing', async () => {
    await expectNothingRecorded(async () => {
      for (const query of ['', '?confirm=1', '?List-Unsubscribe=One-Click']) {
        const response = await get(`/u/${campaignA.token('u')}${query}`)
        expect(response.statusCode).toBe(200)
      }
      const head = await testApp.app.inject({ method: 'HEAD', url: `/u/${campaignA.token('u')}` })
      expect(head.statusCode).toBe(200)
    })
    expect(await testApp.storage.sending.isSuppressed(campaignA.workspaceId, campaignA.email)).toBe(false)
  })
})

function fail(): never {
  throw new Error('fixture token did not verify')
}
