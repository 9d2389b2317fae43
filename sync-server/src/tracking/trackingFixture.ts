import { newId } from '@core/ids'
import type { StoredDocument } from '../storage/port'
import { campaignDoc, contactDoc } from '../testing/docs'
import { signUp, TEST_TRACKING_SECRET } from '../testing/testApp'
import type { TestApp } from '../testing/testApp'
import { signTrackingToken } from './trackingTokens'
import type { TrackingTokenKind } from './trackingTokens'

// A workspace with one sending campaign, its stored links and one recipient, for tracking tests.

export const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
const HOUR = 3_600_000

export interface TrackedCampaign {
  workspaceId: string
  campaignId: string
  contactId: string
  email: string
  links: string[]
  /** A token for this recipient, issued an hour ago (so not "too soon" for a person). */
  token(kind: TrackingTokenKind, linkIndex?: number): string
}

export async function givenTrackedCampaign(
  testApp: TestApp,
  options: { links?: string[]; email?: string; workspaceId?: string } = {},
): Promise<TrackedCampaign> {
  const workspaceId = options.workspaceId ?? (await signUp(testApp.app)).workspaceId
  const links = options.links ?? ['https://example.com/first', 'https://example.com/second?a=1&b=2']
  const email = options.email ?? `${newId().toLowerCase()}@example.com`
  const contact = contactDoc({ email })
  const campaign = campaignDoc({ status: 'sending' })
  await testApp.storage.pushDocuments(workspaceId, 'contacts', [contact.id], () => [{ id: contact.id, doc: contact }])
  await testApp.storage.pushDocuments(workspaceId, 'campaigns', [campaign.id], () => [{ id: campaign.id, doc: campaign }])
  await testApp.storage.sending.materializeCampaign({
    workspaceId,
    campaignId: campaign.id,
    links,
    templateJson: '{}',
    recipients: [{ contactId: contact.id, email }],
    suppressed: 0,
    duplicates: 0,
    createdAt: Date.now(),
  })
  const issuedAt = Date.now() - HOUR
  return {
    workspaceId,
    campaignId: campaign.id,
    contactId: contact.id,
    email,
    links,
    token: (kind, linkIndex) =>
      signTrackingToken(
        { kind, workspaceId, campaignId: campaign.id, contactId: contact.id, linkIndex: kind === 'c' ? (linkIndex ?? 0) : -1, issuedAt },
        TEST_TRACKING_SECRET,
      ),
  }
}

/** Every replicated document of the workspace, by collection (to prove nothing changed). */
export async function snapshotDocuments(testApp: TestApp, workspaceId: string): Promise<Record<string, StoredDocument[]>> {
  const snapshot: Record<string, StoredDocument[]> = {}
  for (const collection of ['contacts', 'campaigns', 'events']) {
    snapshot[collection] = (await testApp.storage.pull(workspaceId, collection, null, 10_000)).documents
  }
  return snapshot
}

export async function parsedDocuments(testApp: TestApp, workspaceId: string, collection: string): Promise<Array<Record<string, unknown>>> {
  const page = await testApp.storage.pull(workspaceId, collection, null, 10_000)
  return page.documents.map((document) => JSON.parse(document.json) as Record<string, unknown>)
}
