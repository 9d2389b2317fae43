import type { Campaign } from '@core/schema'
import { transitionCampaign, type CampaignAction } from '@core/campaigns/campaignStateMachine'
import { err, ok, type Result } from '@core/result'
import type { OutpostDatabase } from '../../data/database'
import { insertSyncedDoc, patchSyncedDoc } from '../../data/syncedWrites'
import { deviceTimeZone } from './campaignDisplay'

export async function createCampaign(db: OutpostDatabase, name = 'Untitled campaign'): Promise<Campaign> {
  return insertSyncedDoc<Campaign>(db.campaigns, {
    name,
    status: 'draft',
    segmentId: '',
    templateId: '',
    scheduledAt: 0,
    timeZone: deviceTimeZone(),
  })
}

export type CampaignDraftFields = Partial<Pick<Campaign, 'name' | 'segmentId' | 'templateId' | 'scheduledAt' | 'timeZone'>>

/** Edits a draft's audience, content, schedule or name; anything past draft is locked. */
export async function saveCampaignDraft(db: OutpostDatabase, id: string, fields: CampaignDraftFields): Promise<Result<true>> {
  const current = await db.campaigns.findOne(id).exec()
  if (!current) return err('This campaign was deleted.')
  if (current.status !== 'draft' && Object.keys(fields).some((key) => key !== 'name')) {
    return err('Move the campaign back to draft to change it.')
  }
  await patchSyncedDoc<Campaign>(db.campaigns, id, fields)
  return ok(true)
}

/**
 * Moves the campaign with the state machine, from its status as stored now (another device or the
 * server may have moved it since this screen rendered). An illegal move changes nothing.
 */
export async function applyCampaignAction(
  db: OutpostDatabase,
  id: string,
  action: CampaignAction,
  options: { scheduledAt?: number; now?: number } = {},
): Promise<Result<Campaign['status']>> {
  const current = await db.campaigns.findOne(id).exec()
  if (!current) return err('This campaign was deleted.')
  const next = transitionCampaign(current.status, action, 'user')
  if (!next.ok) return next
  const now = options.now ?? Date.now()
  const patch: Partial<Campaign> = { status: next.value }
  if (action === 'schedule') patch.scheduledAt = options.scheduledAt ?? now
  // Back in draft, a time already past means "send now" again rather than a stale date.
  if (action === 'unschedule' && current.scheduledAt <= now) patch.scheduledAt = 0
  await patchSyncedDoc<Campaign>(db.campaigns, id, patch)
  return ok(next.value)
}
