import { moveStage, type StageMovePatch } from '@core/lifecycle/stageMoves'
import type { Contact, LifecycleStage } from '@core/schema'

/** A stage set by hand, now: recorded in the history, and score automation then leaves the contact alone. Null when unchanged. */
export function manualStageMove(contact: Pick<Contact, 'lifecycleStage' | 'stageHistory' | 'createdAt'>, to: LifecycleStage): StageMovePatch | null {
  return moveStage(contact, to, 'manual', Date.now())
}
