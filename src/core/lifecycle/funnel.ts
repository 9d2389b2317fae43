import type { Contact } from '../schema/contacts'
import { LIFECYCLE_STAGES, type LifecycleStage } from '../schema/lifecycle'
import { stageRank } from './stageMoves'

/** The funnel's stages in order; 'other' sits outside it. */
export const FUNNEL_STAGES: readonly LifecycleStage[] = LIFECYCLE_STAGES.filter((stage) => stage !== 'other')

export interface StageConversion {
  from: LifecycleStage
  to: LifecycleStage
  /** Share of the contacts that entered `from` in the period and later moved past it in the period; null when none entered. */
  rate: number | null
}

export interface LifecycleFunnel {
  /** Contacts at each stage now. */
  current: Record<LifecycleStage, number>
  /** Contacts that entered each stage within the period (each contact once per stage). */
  entered: Record<LifecycleStage, number>
  /** Between consecutive funnel stages (the enabled ones when `stages` is given). */
  conversions: StageConversion[]
}

function zeroCounts(): Record<LifecycleStage, number> {
  return { subscriber: 0, lead: 0, marketingQualified: 0, salesQualified: 0, opportunity: 0, customer: 0, evangelist: 0, other: 0 }
}

/**
 * Contacts by stage now, stages entered in [from, to] (stage history; a contact without history
 * entered its current stage when it was created), and stage-to-stage conversion: of the
 * contacts that entered a stage in the period, the share that later moved to any stage beyond
 * it in the period (skipping a stage counts as moving past it). One pass; no per-contact arrays
 * beyond the history itself, so 100,000 contacts stay cheap.
 */
export function lifecycleFunnel(
  contacts: Iterable<Pick<Contact, 'lifecycleStage' | 'stageHistory' | 'createdAt'>>,
  range: { from: number; to: number },
  stages: readonly LifecycleStage[] = FUNNEL_STAGES,
): LifecycleFunnel {
  const current = zeroCounts()
  const entered = zeroCounts()
  const funnel = stages.filter((stage) => stage !== 'other')
  const converted = new Array<number>(funnel.length).fill(0)
  const positionOf = new Map<LifecycleStage, number>(funnel.map((stage, index) => [stage, index]))
  // Per contact: the furthest funnel position reached after entering each position (reused buffers).
  const enteredAt = new Array<boolean>(funnel.length)
  const movedPast = new Array<boolean>(funnel.length)
  const seen = new Set<LifecycleStage>()
  const inRange = (at: number) => at >= range.from && at <= range.to

  for (const contact of contacts) {
    current[contact.lifecycleStage]++
    const history = contact.stageHistory
    if (!history || history.length === 0) {
      if (inRange(contact.createdAt)) entered[contact.lifecycleStage]++
      continue
    }
    seen.clear()
    enteredAt.fill(false)
    movedPast.fill(false)
    for (const entry of history) {
      if (!inRange(entry.at)) continue
      if (!seen.has(entry.stage)) {
        seen.add(entry.stage)
        entered[entry.stage]++
      }
      const rank = stageRank(entry.stage)
      // Any earlier-entered stage this entry goes beyond has converted.
      for (let index = 0; index < funnel.length; index++) {
        const stage = funnel[index]
        if (stage !== undefined && enteredAt[index] && stageRank(stage) < rank) movedPast[index] = true
      }
      const position = positionOf.get(entry.stage)
      if (position !== undefined) enteredAt[position] = true
    }
    for (let index = 0; index < funnel.length; index++) {
      if (movedPast[index]) converted[index] = (converted[index] ?? 0) + 1
    }
  }

  const conversions: StageConversion[] = []
  for (let index = 0; index + 1 < funnel.length; index++) {
    const from = funnel[index]
    const to = funnel[index + 1]
    if (from === undefined || to === undefined) continue
    const base = entered[from]
    conversions.push({ from, to, rate: base === 0 ? null : (converted[index] ?? 0) / base })
  }
  return { current, entered, conversions }
}
