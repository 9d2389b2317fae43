import type { Comparison } from '@core/dashboard/period'
import { currencyDigits } from '@core/deals/pipeline'

// How the home dashboard writes money and changes. Money is stored in minor units per currency.

const moneyFormats = new Map<string, { full: Intl.NumberFormat; compact: Intl.NumberFormat }>()

function moneyFormat(currency: string): { full: Intl.NumberFormat; compact: Intl.NumberFormat } {
  let formats = moneyFormats.get(currency)
  if (!formats) {
    formats = {
      full: new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }),
      compact: new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }),
    }
    moneyFormats.set(currency, formats)
  }
  return formats
}

/** Minor units → major units (cents → dollars; yen stay yen). */
export function majorUnits(amount: number, currency: string): number {
  return amount / 10 ** currencyDigits(currency)
}

/** "$12,500", or "$1.2M" from a million up so a KPI card never overflows. */
export function formatMoney(amount: number, currency: string): string {
  const major = majorUnits(amount, currency)
  const { full, compact } = moneyFormat(currency)
  return Math.abs(major) >= 1_000_000 ? compact.format(major) : full.format(major)
}

/** The whole figure, for a title when the card shows the compact one. */
export function formatMoneyFull(amount: number, currency: string): string {
  return moneyFormat(currency).full.format(majorUnits(amount, currency))
}

export type DeltaTone = 'up' | 'down' | 'flat'

export interface DeltaText {
  tone: DeltaTone
  /** "+12%", "−3 pts", "new", "no change". */
  text: string
}

const percentChange = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' })
const pointsChange = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, signDisplay: 'exceptZero' })

/** A count or an amount against the previous period, as a relative change. */
export function countDelta(comparison: Comparison): DeltaText {
  if (comparison.delta === 0) return { tone: 'flat', text: 'no change' }
  const tone = comparison.delta > 0 ? 'up' : 'down'
  // Nothing before: a percentage of zero means nothing, say what happened instead.
  if (comparison.deltaRatio === null) return { tone, text: comparison.delta > 0 ? 'new' : 'none now' }
  return { tone, text: percentChange.format(comparison.deltaRatio).replace('-', '−') }
}

/** A rate against the previous period, in percentage points; null when either side has no rate. */
export function rateDelta(current: number | null, previous: number | null): DeltaText | null {
  if (current === null || previous === null) return null
  const points = (current - previous) * 100
  if (Math.abs(points) < 0.05) return { tone: 'flat', text: 'no change' }
  return { tone: points > 0 ? 'up' : 'down', text: `${pointsChange.format(points).replace('-', '−')} pts` }
}
