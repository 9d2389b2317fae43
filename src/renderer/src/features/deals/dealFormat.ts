import { currencyDigits } from '@core/deals/pipeline'

// Money is stored in minor units; these turn it into what people read.

const formatters = new Map<string, Intl.NumberFormat>()

function formatter(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}:${compact ? 'c' : 'f'}`
  let result = formatters.get(key)
  if (!result) {
    result = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    })
    formatters.set(key, result)
  }
  return result
}

/** 1250000 USD → "$12,500.00". */
export function formatMoney(amount: number, currency: string): string {
  return formatter(currency, false).format(toMajor(amount, currency))
}

/** 1250000 USD → "$12.5K" (board columns, chart axes). */
export function formatMoneyCompact(amount: number, currency: string): string {
  return formatter(currency, true).format(toMajor(amount, currency))
}

/** Minor units → major units (chart values). */
export function toMajor(amount: number, currency: string): number {
  return amount / 10 ** currencyDigits(currency)
}

/** "2026-05-31" → "May 31, 2026" (the day as written, whatever the time zone). */
export function formatDay(day: string): string {
  if (!day) return ''
  const [year, month, date] = day.split('-').map(Number)
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1).toLocaleDateString(undefined, { dateStyle: 'medium' })
}

/** "2026-05" → "May 2026"; '' → "No close date". */
export function formatMonth(month: string): string {
  if (!month) return 'No close date'
  const [year, value] = month.split('-').map(Number)
  return new Date(year ?? 1970, (value ?? 1) - 1, 1).toLocaleDateString(undefined, { month: 'short', year: 'numeric' })
}

const DAY_MS = 86_400_000

/** A duration in days ("3.5 days", "less than a day"). */
export function formatDays(ms: number | null): string {
  if (ms === null) return '—'
  const days = ms / DAY_MS
  if (days < 1) return 'less than a day'
  return `${days < 10 ? days.toFixed(1) : Math.round(days).toLocaleString()} days`
}

export const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'INR', 'BRL'] as const
