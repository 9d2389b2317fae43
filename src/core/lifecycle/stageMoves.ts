import {
  CONTACT_LIMITS,
  LIFECYCLE_STAGES,
  type Contact,
  type ContactStageEntry,
  type LifecycleAutomation,
  type LifecycleStage,
  type StageMoveSource,
} from '../schema'

// Lifecycle stage moves, shared by manual edits, lead scoring and deal events. A move records
// where the contact went, when and why in `stageHistory`, so the funnel and the contact page can
// show the path. Automatic moves only go forward: automation never demotes anyone.

/** subscriber (0) … evangelist (6); 'other' sits outside the funnel. */
export function stageRank(stage: LifecycleStage): number {
  return stage === 'other' ? -1 : LIFECYCLE_STAGES.indexOf(stage)
}

export const DEFAULT_LIFECYCLE_AUTOMATION: LifecycleAutomation = {
  scoreMoves: true,
  dealCreatedMakesOpportunity: true,
  dealWonMakesCustomer: true,
}

export type StageMovePatch = Pick<Contact, 'lifecycleStage'> & { stageHistory: ContactStageEntry[] }

/**
 * The patch that moves `contact` to `to`, appending to its history (the oldest entries beyond
 * the limit are dropped). Null when it is already there.
 * A contact without history gets its current stage as the first entry (at its creation time),
 * so the funnel knows where it came from.
 */
export function moveStage(
  contact: Pick<Contact, 'lifecycleStage' | 'stageHistory' | 'createdAt'>,
  to: LifecycleStage,
  source: StageMoveSource,
  at: number,
): StageMovePatch | null {
  if (contact.lifecycleStage === to) return null
  const history: ContactStageEntry[] = contact.stageHistory
    ? [...contact.stageHistory]
    : [{ stage: contact.lifecycleStage, at: contact.createdAt, source: 'import' }]
  history.push({ stage: to, at, source })
  return { lifecycleStage: to, stageHistory: history.slice(-CONTACT_LIMITS.stageHistory) }
}

/** A forward-only automatic move: null when `to` is not further along than where the contact is. */
export function automaticMove(
  contact: Pick<Contact, 'lifecycleStage' | 'stageHistory' | 'createdAt'>,
  to: LifecycleStage,
  source: Exclude<StageMoveSource, 'manual'>,
  at: number,
): StageMovePatch | null {
  if (contact.lifecycleStage === 'other' || stageRank(to) <= stageRank(contact.lifecycleStage)) return null
  return moveStage(contact, to, source, at)
}

export type DealEvent = 'created' | 'won'

/** Where a deal event takes its contact under the workspace's automation, or null for no move. */
export function stageForDealEvent(event: DealEvent, automation: LifecycleAutomation): LifecycleStage | null {
  if (event === 'won') return automation.dealWonMakesCustomer ? 'customer' : null
  return automation.dealCreatedMakesOpportunity ? 'opportunity' : null
}

/** Whether the latest recorded move was made by hand: score automation then leaves the contact alone. */
export function lastMoveWasManual(contact: Pick<Contact, 'stageHistory'>): boolean {
  return contact.stageHistory?.at(-1)?.source === 'manual'
}
