import type { Deal } from '../schema/deals'
import type { PipelineSetting } from '../schema/settings'

// Forecast maths over deals: pure, money in integer minor units of one currency at a time
// (amounts in different currencies are never added together).

export type ForecastDeal = Pick<
  Deal,
  'pipelineId' | 'stageId' | 'status' | 'amount' | 'currency' | 'closeDate' | 'ownerId' | 'stageHistory' | 'closedAt'
>
export type ForecastPipeline = Pick<PipelineSetting, 'id' | 'stages'>

/** Month key of open deals with no close date (listed last). */
export const NO_CLOSE_MONTH = ''

export interface MonthForecast {
  /** YYYY-MM, or NO_CLOSE_MONTH. */
  month: string
  /** Open deals' amounts weighted by their stage's win probability. */
  weighted: number
  /** Open deals' amounts. */
  total: number
  /** Won deals' amounts (by the month they closed). */
  won: number
}

/**
 * Open deals by close month, weighted by stage probability, plus what was won each month.
 * With a range (YYYY-MM or YYYY-MM-DD bounds, inclusive) every month in it is listed, zeros
 * included, and deals outside it (or without a date) are left out; without one, the months that
 * have deals, oldest first, then open deals with no close date under NO_CLOSE_MONTH.
 */
export function weightedByMonth(
  deals: readonly ForecastDeal[],
  pipelines: readonly ForecastPipeline[],
  currency: string,
  range?: { from: string; to: string },
): MonthForecast[] {
  const probability = probabilityLookup(pipelines)
  const rows = new Map<string, MonthForecast>()
  const from = range?.from.slice(0, 7)
  const to = range?.to.slice(0, 7)
  if (from !== undefined && to !== undefined) for (const month of monthsBetween(from, to)) rows.set(month, emptyMonth(month))
  for (const deal of deals) {
    if (deal.currency !== currency || deal.status === 'lost') continue
    const month = dealMonth(deal)
    if (range && (month === NO_CLOSE_MONTH || (from !== undefined && month < from) || (to !== undefined && month > to))) continue
    let row = rows.get(month)
    if (!row) {
      row = emptyMonth(month)
      rows.set(month, row)
    }
    if (deal.status === 'won') row.won += deal.amount
    else {
      row.total += deal.amount
      row.weighted += weightedAmount(deal, probability)
    }
  }
  return [...rows.values()].sort((a, b) => monthOrder(a.month, b.month))
}

export interface OwnerForecast {
  ownerId: string
  weighted: number
  total: number
  /** Open deals. */
  count: number
}

/** Open deals by owner ('' = nobody), the largest weighted value first. */
export function weightedByOwner(deals: readonly ForecastDeal[], pipelines: readonly ForecastPipeline[], currency: string): OwnerForecast[] {
  const probability = probabilityLookup(pipelines)
  const rows = new Map<string, OwnerForecast>()
  for (const deal of deals) {
    if (deal.currency !== currency || deal.status !== 'open') continue
    let row = rows.get(deal.ownerId)
    if (!row) {
      row = { ownerId: deal.ownerId, weighted: 0, total: 0, count: 0 }
      rows.set(deal.ownerId, row)
    }
    row.total += deal.amount
    row.weighted += weightedAmount(deal, probability)
    row.count += 1
  }
  return [...rows.values()].sort((a, b) => b.weighted - a.weighted || b.total - a.total || a.ownerId.localeCompare(b.ownerId))
}

export interface StageConversion {
  stageId: string
  /** Deals that got at least this far. */
  reached: number
  /** Of those, deals that went further (a later stage, or won). */
  advanced: number
  /** advanced / reached; null when no deal reached the stage. */
  rate: number | null
}

/**
 * Stage-to-stage conversion of one pipeline. A deal reached every stage up to the furthest one
 * in its history (skipping a stage still passes it); a won deal went through them all.
 */
export function stageConversion(deals: readonly ForecastDeal[], pipeline: ForecastPipeline): StageConversion[] {
  const index = new Map(pipeline.stages.map((stage, position) => [stage.id, position]))
  const reached = new Array<number>(pipeline.stages.length).fill(0)
  const advanced = new Array<number>(pipeline.stages.length).fill(0)
  for (const deal of deals) {
    if (deal.pipelineId !== pipeline.id) continue
    const furthest = deal.status === 'won' ? pipeline.stages.length : furthestStage(deal, index)
    if (furthest < 0) continue
    for (let stage = 0; stage < pipeline.stages.length && stage <= furthest; stage += 1) {
      reached[stage] = (reached[stage] ?? 0) + 1
      if (furthest > stage) advanced[stage] = (advanced[stage] ?? 0) + 1
    }
  }
  return pipeline.stages.map((stage, position) => {
    const r = reached[position] ?? 0
    const a = advanced[position] ?? 0
    return { stageId: stage.id, reached: r, advanced: a, rate: r === 0 ? null : a / r }
  })
}

export interface StageTime {
  stageId: string
  averageMs: number | null
  /** Visits measured (a deal that came back to a stage counts twice). */
  samples: number
}

/**
 * Average time a deal spends in each stage of one pipeline: from entering it to the next move,
 * to closing, or (still there) to `now`.
 */
export function averageTimeInStage(deals: readonly ForecastDeal[], pipeline: ForecastPipeline, now: number): StageTime[] {
  const totals = new Map<string, { ms: number; samples: number }>(pipeline.stages.map((stage) => [stage.id, { ms: 0, samples: 0 }]))
  for (const deal of deals) {
    if (deal.pipelineId !== pipeline.id) continue
    const history = deal.stageHistory
    for (let at = 0; at < history.length; at += 1) {
      const entry = history[at]
      const total = entry && totals.get(entry.stageId)
      if (!entry || !total) continue
      const next = history[at + 1]
      const end = next ? next.at : deal.status === 'open' ? now : (deal.closedAt ?? now)
      total.ms += Math.max(0, end - entry.at)
      total.samples += 1
    }
  }
  return pipeline.stages.map((stage) => {
    const total = totals.get(stage.id) ?? { ms: 0, samples: 0 }
    return { stageId: stage.id, samples: total.samples, averageMs: total.samples === 0 ? null : total.ms / total.samples }
  })
}

export interface WinRate {
  won: number
  lost: number
  /** won / (won + lost); null when nothing closed. */
  rate: number | null
}

/** Won against lost deals, by when they closed (range: closedAt in [from, to)). */
export function winRate(deals: readonly Pick<Deal, 'status' | 'closedAt'>[], range?: { from: number; to: number }): WinRate {
  let won = 0
  let lost = 0
  for (const deal of deals) {
    if (deal.status === 'open') continue
    if (range && (deal.closedAt === undefined || deal.closedAt < range.from || deal.closedAt >= range.to)) continue
    if (deal.status === 'won') won += 1
    else lost += 1
  }
  return { won, lost, rate: won + lost === 0 ? null : won / (won + lost) }
}

export interface PipelineTotals {
  open: number
  weighted: number
  openCount: number
}

/** What is open in one currency, plain and weighted. */
export function pipelineTotals(deals: readonly ForecastDeal[], pipelines: readonly ForecastPipeline[], currency: string): PipelineTotals {
  const probability = probabilityLookup(pipelines)
  const totals: PipelineTotals = { open: 0, weighted: 0, openCount: 0 }
  for (const deal of deals) {
    if (deal.currency !== currency || deal.status !== 'open') continue
    totals.open += deal.amount
    totals.weighted += weightedAmount(deal, probability)
    totals.openCount += 1
  }
  return totals
}

/** The currency most deals use (ties: alphabetical); 'USD' when there are none. */
export function mainCurrency(deals: readonly Pick<Deal, 'currency'>[]): string {
  const counts = new Map<string, number>()
  for (const deal of deals) counts.set(deal.currency, (counts.get(deal.currency) ?? 0) + 1)
  let best = 'USD'
  let bestCount = 0
  for (const [currency, count] of counts) {
    if (count > bestCount || (count === bestCount && currency < best)) {
      best = currency
      bestCount = count
    }
  }
  return best
}

/** Win probability (percent) of a stage; 0 for a stage no pipeline has any more. */
export function stageProbability(pipelines: readonly ForecastPipeline[], pipelineId: string, stageId: string): number {
  return pipelines.find((pipeline) => pipeline.id === pipelineId)?.stages.find((stage) => stage.id === stageId)?.probability ?? 0
}

/** An open deal's amount times its stage's probability, rounded per deal so sums stay integers. */
export function weightedAmount(deal: Pick<Deal, 'pipelineId' | 'stageId' | 'amount'>, probability: ProbabilityLookup): number {
  return Math.round((deal.amount * probability(deal.pipelineId, deal.stageId)) / 100)
}

export type ProbabilityLookup = (pipelineId: string, stageId: string) => number

export function probabilityLookup(pipelines: readonly ForecastPipeline[]): ProbabilityLookup {
  const byKey = new Map<string, number>()
  for (const pipeline of pipelines) for (const stage of pipeline.stages) byKey.set(`${pipeline.id}\u0000${stage.id}`, stage.probability)
  return (pipelineId, stageId) => byKey.get(`${pipelineId}\u0000${stageId}`) ?? 0
}

/** YYYY-MM of a deal: its close date, else (closed) the month it closed, else NO_CLOSE_MONTH. */
export function dealMonth(deal: Pick<Deal, 'closeDate' | 'closedAt' | 'status'>): string {
  if (deal.closeDate !== '') return deal.closeDate.slice(0, 7)
  if (deal.status !== 'open' && deal.closedAt !== undefined) {
    const date = new Date(deal.closedAt)
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`
  }
  return NO_CLOSE_MONTH
}

/** Every YYYY-MM from `from` to `to` inclusive (empty when from > to; at most 600 months). */
export function monthsBetween(from: string, to: string): string[] {
  const parse = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1
  const start = parse(from)
  const end = Math.min(parse(to), start + 599)
  const months: string[] = []
  for (let value = start; value <= end; value += 1) {
    months.push(`${String(Math.floor(value / 12)).padStart(4, '0')}-${String((value % 12) + 1).padStart(2, '0')}`)
  }
  return months
}

function furthestStage(deal: ForecastDeal, index: ReadonlyMap<string, number>): number {
  let furthest = index.get(deal.stageId) ?? -1
  for (const entry of deal.stageHistory) furthest = Math.max(furthest, index.get(entry.stageId) ?? -1)
  return furthest
}

function emptyMonth(month: string): MonthForecast {
  return { month, weighted: 0, total: 0, won: 0 }
}

function monthOrder(a: string, b: string): number {
  if (a === b) return 0
  if (a === NO_CLOSE_MONTH) return 1
  if (b === NO_CLOSE_MONTH) return -1
  return a < b ? -1 : 1
}
