import { compare } from '@core/dashboard/period'
import { countDelta, formatMoney, formatMoneyFull, majorUnits, rateDelta } from './homeFormat'

describe('formatMoney', () => {
  it('writes minor units as whole major units, compact from a million', () => {
    expect(formatMoney(1_250_050, 'USD')).toBe('$12,501')
    expect(formatMoney(250_000_000, 'USD')).toBe('$2.5M')
    expect(formatMoneyFull(250_000_000, 'USD')).toBe('$2,500,000')
    // Yen have no minor unit.
    expect(majorUnits(5_000, 'JPY')).toBe(5_000)
    expect(formatMoney(5_000, 'JPY')).toBe('¥5,000')
  })
})

describe('countDelta', () => {
  it('says how a figure moved, without a percentage of zero', () => {
    expect(countDelta(compare(150, 100))).toEqual({ tone: 'up', text: '+50%' })
    expect(countDelta(compare(75, 100))).toEqual({ tone: 'down', text: '−25%' })
    expect(countDelta(compare(5, 0))).toEqual({ tone: 'up', text: 'new' })
    expect(countDelta(compare(0, 0))).toEqual({ tone: 'flat', text: 'no change' })
  })
})

describe('rateDelta', () => {
  it('gives the change of a rate in percentage points, nothing when a side has no rate', () => {
    expect(rateDelta(0.25, 0.2)).toEqual({ tone: 'up', text: '+5 pts' })
    expect(rateDelta(0.1, 0.125)).toEqual({ tone: 'down', text: '−2.5 pts' })
    expect(rateDelta(0.3, 0.3)).toEqual({ tone: 'flat', text: 'no change' })
    expect(rateDelta(null, 0.3)).toBeNull()
  })
})
