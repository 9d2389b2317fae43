import { closeDeal, defaultPipelineFields, moveDeal, positionBetween, reopenDeal, type DealInput, type DealOutcome } from '@core/deals/pipeline'
import { automaticMove, DEFAULT_LIFECYCLE_AUTOMATION, stageForDealEvent, type DealEvent } from '@core/lifecycle/stageMoves'
import { type Contact, type Deal, type LifecycleStage, type PipelineSetting, type Setting } from '@core/schema'
import type { OutpostDatabase } from '../../data/database'
import { findSettingSingleton } from '../../data/settingSingletons'
import { insertSyncedDoc, patchSyncedDoc } from '../../data/syncedWrites'

// The deal writes every deals screen shares: create, move, close, reopen, and the contact's
// lifecycle move a deal event causes (the contact page and the funnel see it at once).

const creating = new WeakMap<OutpostDatabase, Promise<void>>()

/**
 * Creates the default pipeline when the workspace has none. Its id is a fresh ULID: the sync
 * server keeps document ids unique across workspaces, so no fixed id. Screens that call this at
 * the same time share one creation.
 */
export function ensureDefaultPipeline(db: OutpostDatabase): Promise<void> {
  let pending = creating.get(db)
  if (!pending) {
    pending = (async () => {
      const existing = await db.settings.findOne({ selector: { kind: 'pipeline' } }).exec()
      if (!existing) await insertSyncedDoc<Setting>(db.settings, defaultPipelineFields())
    })().finally(() => creating.delete(db))
    creating.set(db, pending)
  }
  return pending
}

/** Creates an open deal at the bottom of its stage's column, and moves its contact if the automation says so. */
export async function createDeal(
  db: OutpostDatabase,
  input: DealInput,
  placement: { pipelineId: string; stageId: string; position: number },
): Promise<{ deal: Deal; contactStage: LifecycleStage | null }> {
  const now = Date.now()
  // The contact moves first: lead scoring reacts to the new deal by rescoring the contact, and
  // then finds it already further along (its forward-only move is a no-op).
  const contactStage = input.contactId ? await applyDealEventToContact(db, input.contactId, 'created') : null
  const deal = await insertSyncedDoc<Deal>(db.deals, {
    ...input,
    ...placement,
    status: 'open',
    lostReason: '',
    stageHistory: [{ stageId: placement.stageId, at: now }],
  })
  return { deal, contactStage }
}

export async function moveDealTo(db: OutpostDatabase, deal: Deal, stageId: string, position: number): Promise<void> {
  await patchSyncedDoc<Deal>(db.deals, deal.id, moveDeal(deal, stageId, position, Date.now()))
}

export interface CloseOutcome {
  /** The stage the deal's contact moved to (won → customer), null when it did not move. */
  contactStage: LifecycleStage | null
  /** Puts the deal (and not the contact: a customer stays a customer) back as it was. */
  undo: () => Promise<void>
}

/** Won or lost (lost needs a reason: the caller asked for it). Throws only on a storage failure. */
export async function closeDealAs(db: OutpostDatabase, deal: Deal, outcome: DealOutcome, lostReason?: string): Promise<CloseOutcome> {
  const result = closeDeal(deal, outcome, Date.now(), lostReason)
  if (!result.ok) throw new Error(result.error)
  // Contact first, for the same reason as in createDeal.
  const contactStage = outcome === 'won' && deal.contactId ? await applyDealEventToContact(db, deal.contactId, 'won') : null
  await patchSyncedDoc<Deal>(db.deals, deal.id, result.value)
  const before = { status: deal.status, lostReason: deal.lostReason, closeDate: deal.closeDate }
  return {
    contactStage,
    undo: async () => {
      if (deal.closedAt === undefined) await patchSyncedDoc<Deal>(db.deals, deal.id, before, ['closedAt'])
      else await patchSyncedDoc<Deal>(db.deals, deal.id, { ...before, closedAt: deal.closedAt })
    },
  }
}

export async function reopen(db: OutpostDatabase, deal: Deal): Promise<void> {
  const { patch, remove } = reopenDeal()
  await patchSyncedDoc<Deal>(db.deals, deal.id, patch, remove)
}

/**
 * Moves a deal's contact forward under the workspace's lifecycle automation (never back, never
 * out of 'other'). Returns the new stage, or null when nothing moved.
 */
export async function applyDealEventToContact(db: OutpostDatabase, contactId: string, event: DealEvent): Promise<LifecycleStage | null> {
  const settings = await findSettingSingleton(db, 'lifecycle')
  const automation = { ...DEFAULT_LIFECYCLE_AUTOMATION, ...settings?.automation }
  const to = stageForDealEvent(event, automation)
  if (!to) return null
  const doc = await db.contacts.findOne(contactId).exec()
  if (!doc) return null
  const patch = automaticMove(doc.toJSON() as Contact, to, 'deal', Date.now())
  if (!patch) return null
  await patchSyncedDoc<Contact>(db.contacts, contactId, patch)
  return patch.lifecycleStage
}

/** The pipeline a deal belongs to, falling back to the first one (a pipeline deleted on another device). */
export function pipelineOf(pipelines: readonly PipelineSetting[], pipelineId: string): PipelineSetting | undefined {
  return pipelines.find((pipeline) => pipeline.id === pipelineId) ?? pipelines[0]
}

/** A position below every open deal of a column (new deals and deals moved by the stage bar go last). */
export async function bottomPosition(db: OutpostDatabase, pipelineId: string, stageId: string): Promise<number> {
  const docs = await db.deals.find({ selector: { pipelineId, stageId, status: 'open' } }).exec()
  let last: number | undefined
  for (const doc of docs) last = last === undefined ? doc.position : Math.max(last, doc.position)
  return positionBetween(last)
}
