import type { AbTest, Campaign } from '@core/schema'
import { AB_TEST_LIMITS } from '@core/schema/campaigns'
import { newId } from '@core/ids'
import { err, ok, type Result } from '@core/result'
import type { OutpostDatabase } from '../../data/database'
import { patchSyncedDoc } from '../../data/syncedWrites'

// Writes of a campaign's A/B test. The setup changes only in draft (the server fixes the variants
// when the campaign starts); the winner may be picked by hand while the test runs.

/** Two variants that still send the same thing: readiness says what to change. */
export function newAbTest(): AbTest {
  return {
    variants: [
      { id: newId(), name: 'A', subject: '', fromName: '', templateId: '' },
      { id: newId(), name: 'B', subject: '', fromName: '', templateId: '' },
    ],
    testPercent: 20,
    metric: 'clicks',
    waitMinutes: 240,
  }
}

/** The next unused letter as a variant name. */
export function nextVariantName(abTest: AbTest): string {
  const used = new Set(abTest.variants.map((variant) => variant.name.trim().toUpperCase()))
  return ['A', 'B', 'C', 'D', 'E'].find((letter) => !used.has(letter)) ?? `Variant ${abTest.variants.length + 1}`
}

export function withAddedVariant(abTest: AbTest): AbTest {
  if (abTest.variants.length >= AB_TEST_LIMITS.variants) return abTest
  return { ...abTest, variants: [...abTest.variants, { id: newId(), name: nextVariantName(abTest), subject: '', fromName: '', templateId: '' }] }
}

/** Saves (or, with null, removes) the draft's A/B test. */
export async function saveAbTest(db: OutpostDatabase, campaignId: string, abTest: AbTest | null): Promise<Result<true>> {
  const current = await db.campaigns.findOne(campaignId).exec()
  if (!current) return err('This campaign was deleted.')
  if (current.status !== 'draft') return err('Move the campaign back to draft to change its A/B test.')
  if (abTest === null) await patchSyncedDoc<Campaign>(db.campaigns, campaignId, {}, ['abTest'])
  else await patchSyncedDoc<Campaign>(db.campaigns, campaignId, { abTest })
  return ok(true)
}

/** Ends the test now with `variantId` as the winner; the server sends it to the rest. */
export async function pickAbWinnerNow(db: OutpostDatabase, campaignId: string, variantId: string): Promise<Result<true>> {
  const current = await db.campaigns.findOne(campaignId).exec()
  if (!current) return err('This campaign was deleted.')
  const abTest = current.abTest
  if (abTest === undefined || !abTest.variants.some((variant) => variant.id === variantId)) return err('That variant is not part of this test.')
  if ((current.abResult?.winnerId ?? '') !== '') return err('The winner was already picked.')
  if (current.status !== 'sending' && current.status !== 'paused') return err('The test is not running.')
  await patchSyncedDoc<Campaign>(db.campaigns, campaignId, { abTest: { ...abTest, manualWinnerId: variantId } })
  return ok(true)
}
