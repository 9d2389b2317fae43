import { useMemo } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import { newContactsByDay, tasksDue, wonDeals, type NewContactsSeries, type TasksDue, type WonDealsComparison } from '@core/dashboard/kpis'
import { compare, dayStart, localDayKey, previousPeriod, type Comparison, type DateRange } from '@core/dashboard/period'
import { mainCurrency, pipelineTotals, weightedByMonth, winRate, type MonthForecast, type PipelineTotals, type WinRate } from '@core/deals/forecast'
import { lifecycleFunnel, type LifecycleFunnel } from '@core/lifecycle/funnel'
import { startOfLocalDay } from '@core/tasks/taskGroups'
import type { Activity, Campaign, Deal, LifecycleStage, PipelineSetting } from '@core/schema'
import type { ContactIndex } from '../../data/contactIndex'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion, useRxQueryResult } from '../../data/hooks'
import { campaignsInRange, dashboardTotals, type DashboardTotals } from '../analytics/dashboardData'

// Everything the home dashboard shows, each part memoised on the data it reads and the range:
// a change to one deal recomputes the deal figures, not the pass over 100,000 contacts.

/** Open tasks (every assignee; the KPI picks the member's). */
export function useOpenTasks(): Activity[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Activity>(
    () => db.activities.find({ selector: { kind: 'task', done: { $ne: true } } }) as unknown as RxQuery<Activity, RxDocument<Activity>[]>,
    [db],
  )
}

export interface ContactFigures {
  total: number
  newContacts: NewContactsSeries
  comparison: Comparison
  funnel: LifecycleFunnel
  /** The contact index version these figures were computed from. */
  version: number
}

/** Two passes over the index (new contacts, funnel); the time taken is left as a performance measure. */
export function computeContactFigures(contacts: ContactIndex, version: number, range: DateRange, previous: DateRange, stages: readonly LifecycleStage[]): ContactFigures {
  const started = performance.now()
  const newContacts = newContactsByDay(contacts.all(), range, previous)
  const funnel = lifecycleFunnel(contacts.all(), range, stages)
  performance.clearMeasures('outpost:home-contact-figures')
  performance.measure('outpost:home-contact-figures', { start: started, detail: { contacts: contacts.size } })
  return { total: contacts.size, newContacts, comparison: compare(newContacts.total, newContacts.previousTotal), funnel, version }
}

/** New contacts and the funnel from the in-memory contact index; null until it has loaded. */
export function useContactFigures(range: DateRange, previous: DateRange, stages: readonly LifecycleStage[]): ContactFigures | null {
  const { contacts } = useData()
  const version = useContactIndexVersion(contacts)
  const loading = contacts.loading
  // Half-loaded figures would flash wrong numbers: wait for the whole index.
  return useMemo(() => (loading ? null : computeContactFigures(contacts, version, range, previous, stages)), [contacts, version, loading, range, previous, stages])
}

export interface DealFigures {
  count: number
  currency: string
  pipeline: PipelineTotals
  won: WonDealsComparison
  winRate: WinRate
  previousWinRate: WinRate
  forecast: MonthForecast[]
}

/** The month `offset` months after the month of `at`, YYYY-MM. */
function monthOf(at: number, offset = 0): string {
  const date = new Date(at)
  date.setDate(1)
  date.setMonth(date.getMonth() + offset)
  return localDayKey(date.getTime()).slice(0, 7)
}

/** Months of the forecast chart: from the range's first month to six months ahead. */
export const FORECAST_MONTHS_AHEAD = 6

export function dealFigures(deals: readonly Deal[], pipelines: readonly PipelineSetting[], range: DateRange, previous: DateRange, now: number): DealFigures {
  const currency = mainCurrency(deals)
  // winRate ranges end before `to`; ours include their last millisecond.
  const halfOpen = (period: DateRange) => ({ from: period.from, to: period.to + 1 })
  return {
    count: deals.length,
    currency,
    pipeline: pipelineTotals(deals, pipelines, currency),
    won: wonDeals(deals, range, previous, currency),
    winRate: winRate(deals, halfOpen(range)),
    previousWinRate: winRate(deals, halfOpen(previous)),
    forecast: weightedByMonth(deals, pipelines, currency, { from: monthOf(range.from), to: monthOf(now, FORECAST_MONTHS_AHEAD) }),
  }
}

export function useDealFigures(deals: readonly Deal[] | undefined, pipelines: readonly PipelineSetting[] | undefined, range: DateRange, previous: DateRange, today: string): DealFigures | null {
  return useMemo(() => {
    if (!deals || !pipelines) return null
    // `today` (not the minute) keys the forecast's months, so it recomputes once a day.
    return dealFigures(deals, pipelines, range, previous, dayStart(today))
  }, [deals, pipelines, range, previous, today])
}

export function useTaskFigures(tasks: readonly Activity[] | undefined, now: number, memberId: string | null): TasksDue | null {
  return useMemo(() => (tasks ? tasksDue(tasks, now, startOfLocalDay, memberId) : null), [tasks, now, memberId])
}

export interface CampaignFigures {
  current: DashboardTotals
  previous: DashboardTotals
}

/** Engagement of the campaigns sent in each period; null when no campaign exists at all. */
export function useCampaignFigures(campaigns: readonly Campaign[] | undefined, range: DateRange, previous: DateRange): CampaignFigures | null {
  return useMemo(() => {
    if (!campaigns || campaigns.length === 0) return null
    return { current: dashboardTotals(campaignsInRange(campaigns, range)), previous: dashboardTotals(campaignsInRange(campaigns, previous)) }
  }, [campaigns, range, previous])
}

/** The range and the period before it, one object each per range so memos downstream hold. */
export function usePeriods(range: DateRange): { range: DateRange; previous: DateRange } {
  return useMemo(() => ({ range, previous: previousPeriod(range) }), [range])
}
