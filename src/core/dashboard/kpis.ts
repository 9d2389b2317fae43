import type { Activity, Contact, Deal } from '../schema'
import { groupTasks, isAssignedTo, type StartOfDay } from '../tasks/taskGroups'
import { dayBoundaries, dayIndex, dayKeys, type DateRange } from './period'

// Figures of the home dashboard. Each is one pass over its collection (100,000 contacts, 10,000
// deals), computing the chosen range and the previous period together, so the screen stays fast
// and both sides of a comparison always come from the same data.

export interface NewContactsSeries {
  /** Local days of the range, YYYY-MM-DD. */
  days: string[]
  /** New contacts per day of the range. */
  perDay: number[]
  /** New contacts per day of the previous period, aligned by position (day 1 with day 1). */
  previousPerDay: number[]
  total: number
  previousTotal: number
}

/** Contacts created per day, in the range and in the previous period (by createdAt). */
export function newContactsByDay(contacts: Iterable<Pick<Contact, 'createdAt'>>, range: DateRange, previousRange: DateRange): NewContactsSeries {
  const currentBounds = dayBoundaries(range)
  const previousBounds = dayBoundaries(previousRange)
  const perDay = new Array<number>(currentBounds.length - 1).fill(0)
  // Previous day i pairs with current day i; a previous period of another length is cut or padded.
  const previousPerDay = new Array<number>(perDay.length).fill(0)
  let total = 0
  let previousTotal = 0
  for (const { createdAt } of contacts) {
    if (createdAt >= range.from && createdAt <= range.to) {
      const index = dayIndex(currentBounds, createdAt)
      if (index >= 0) {
        perDay[index]! += 1
        total++
      }
    } else if (createdAt >= previousRange.from && createdAt <= previousRange.to) {
      const index = dayIndex(previousBounds, createdAt)
      if (index >= 0) {
        previousTotal++
        if (index < previousPerDay.length) previousPerDay[index]! += 1
      }
    }
  }
  return { days: dayKeys(range.from, range.to), perDay, previousPerDay, total, previousTotal }
}

export interface WonDeals {
  count: number
  /** Sum of the won deals in `currency`, minor units. */
  value: number
  /** Won deals in other currencies (counted, not added: no exchange rates offline). */
  otherCurrencyCount: number
}

export interface WonDealsComparison {
  current: WonDeals
  previous: WonDeals
}

/** Deals won in the range and in the previous period, by when they were closed. */
export function wonDeals(deals: Iterable<Pick<Deal, 'status' | 'closedAt' | 'amount' | 'currency'>>, range: DateRange, previousRange: DateRange, currency: string): WonDealsComparison {
  const current: WonDeals = { count: 0, value: 0, otherCurrencyCount: 0 }
  const previous: WonDeals = { count: 0, value: 0, otherCurrencyCount: 0 }
  for (const deal of deals) {
    if (deal.status !== 'won' || deal.closedAt === undefined) continue
    const bucket = deal.closedAt >= range.from && deal.closedAt <= range.to ? current : deal.closedAt >= previousRange.from && deal.closedAt <= previousRange.to ? previous : null
    if (!bucket) continue
    bucket.count++
    if (deal.currency === currency) bucket.value += deal.amount
    else bucket.otherCurrencyCount++
  }
  return { current, previous }
}

export interface TasksDue {
  overdue: number
  today: number
}

/**
 * Open tasks of the member (every task while local only, memberId null) that are overdue or due
 * today — the same grouping as "My tasks", so the card and the page always agree.
 */
export function tasksDue(activities: readonly Activity[], now: number, startOfDay: StartOfDay, memberId: string | null): TasksDue {
  const mine = activities.filter((activity) => activity.kind === 'task' && activity.done !== true && isAssignedTo(activity, memberId))
  const groups = groupTasks(mine, now, startOfDay)
  return { overdue: groups.overdue.length, today: groups.today.length }
}
