import fc from 'fast-check'
import type { Deal } from '../schema/deals'
import { aDeal } from '../testing/dealFixture'
import {
  NO_CLOSE_MONTH,
  averageTimeInStage,
  mainCurrency,
  monthsBetween,
  pipelineTotals,
  stageConversion,
  weightedByMonth,
  weightedByOwner,
  winRate,
  type ForecastPipeline,
} from './forecast'
import { DEFAULT_PIPELINE_STAGES } from './pipeline'

const pipeline: ForecastPipeline = { id: 'pipeline-default', stages: DEFAULT_PIPELINE_STAGES.map((stage) => ({ ...stage })) }
const other: ForecastPipeline = { id: 'p2', stages: [{ id: 'only', name: 'Only', probability: 40 }] }
const pipelines = [pipeline, other]
const DAY = 86_400_000

describe('weightedByMonth', () => {
  const deals = [
    aDeal({ id: 'a', stageId: 'proposal', amount: 10_000, closeDate: '2026-03-10' }),
    aDeal({ id: 'b', stageId: 'qualify', amount: 5_000, closeDate: '2026-03-31' }),
    aDeal({ id: 'c', stageId: 'negotiation', amount: 2_000, closeDate: '2026-05-01' }),
    aDeal({ id: 'd', status: 'won', amount: 7_000, closeDate: '2026-03-02', closedAt: 1 }),
    aDeal({ id: 'e', status: 'lost', amount: 9_999, closeDate: '2026-03-02', closedAt: 1, lostReason: 'x' }),
    aDeal({ id: 'f', amount: 3_000, closeDate: '' }),
    aDeal({ id: 'g', amount: 8_000, currency: 'EUR', closeDate: '2026-03-02' }),
    aDeal({ id: 'h', pipelineId: 'p2', stageId: 'only', amount: 1_000, closeDate: '2026-04-15' }),
  ]

  it('weights open deals by stage probability, adds won, skips lost and other currencies', () => {
    expect(weightedByMonth(deals, pipelines, 'USD')).toEqual([
      { month: '2026-03', weighted: 5_000 + 500, total: 15_000, won: 7_000 },
      { month: '2026-04', weighted: 400, total: 1_000, won: 0 },
      { month: '2026-05', weighted: 1_500, total: 2_000, won: 0 },
      { month: NO_CLOSE_MONTH, weighted: 300, total: 3_000, won: 0 },
    ])
    expect(weightedByMonth(deals, pipelines, 'EUR')).toEqual([{ month: '2026-03', weighted: 800, total: 8_000, won: 0 }])
  })

  it('lists every month of a range, zeros included, and nothing outside it', () => {
    expect(weightedByMonth(deals, pipelines, 'USD', { from: '2026-02-01', to: '2026-04-30' }).map((row) => [row.month, row.total])).toEqual([
      ['2026-02', 0],
      ['2026-03', 15_000],
      ['2026-04', 1_000],
    ])
  })

  it('puts a won deal without close date in the month it closed', () => {
    const closedAt = new Date(2026, 6, 4).getTime()
    expect(weightedByMonth([aDeal({ status: 'won', closedAt })], pipelines, 'USD')).toEqual([
      { month: '2026-07', weighted: 0, total: 0, won: 100_000 },
    ])
  })
})

describe('weightedByOwner', () => {
  it('sums open deals per owner, largest first', () => {
    const deals = [
      aDeal({ ownerId: 'ana', stageId: 'negotiation', amount: 1_000 }),
      aDeal({ ownerId: 'bo', stageId: 'qualify', amount: 20_000 }),
      aDeal({ ownerId: 'ana', stageId: 'proposal', amount: 1_000 }),
      aDeal({ ownerId: 'ana', status: 'won', amount: 99_000, closedAt: 1 }),
      aDeal({ ownerId: '', stageId: 'meeting', amount: 400 }),
    ]
    expect(weightedByOwner(deals, pipelines, 'USD')).toEqual([
      { ownerId: 'bo', weighted: 2_000, total: 20_000, count: 1 },
      { ownerId: 'ana', weighted: 1_250, total: 2_000, count: 2 },
      { ownerId: '', weighted: 100, total: 400, count: 1 },
    ])
  })
})

describe('stageConversion', () => {
  it('counts a deal as reaching every stage up to its furthest, won deals through all', () => {
    const history = (...ids: string[]) => ids.map((stageId, at) => ({ stageId, at }))
    const deals = [
      aDeal({ stageId: 'qualify', stageHistory: history('qualify') }),
      aDeal({ stageId: 'proposal', stageHistory: history('qualify', 'proposal') }),
      aDeal({ stageId: 'meeting', stageHistory: history('qualify', 'negotiation', 'meeting') }),
      aDeal({ stageId: 'meeting', status: 'won', closedAt: 5, stageHistory: history('meeting') }),
      aDeal({ stageId: 'meeting', status: 'lost', closedAt: 5, lostReason: 'x', stageHistory: history('meeting') }),
      aDeal({ pipelineId: 'p2', stageId: 'only', stageHistory: history('only') }),
    ]
    expect(stageConversion(deals, pipeline)).toEqual([
      { stageId: 'qualify', reached: 5, advanced: 4, rate: 4 / 5 },
      { stageId: 'meeting', reached: 4, advanced: 3, rate: 3 / 4 },
      { stageId: 'proposal', reached: 3, advanced: 2, rate: 2 / 3 },
      { stageId: 'negotiation', reached: 2, advanced: 1, rate: 1 / 2 },
    ])
  })

  it('gives null rates when nothing reached a stage', () => {
    expect(stageConversion([], pipeline).every((row) => row.rate === null && row.reached === 0)).toBe(true)
  })
})

describe('averageTimeInStage', () => {
  it('measures each visit up to the next move, the close, or now', () => {
    const deals = [
      aDeal({ stageId: 'meeting', stageHistory: [{ stageId: 'qualify', at: 0 }, { stageId: 'meeting', at: 2 * DAY }] }),
      aDeal({ stageId: 'qualify', stageHistory: [{ stageId: 'qualify', at: 0 }] }),
      aDeal({ stageId: 'meeting', status: 'won', closedAt: 6 * DAY, stageHistory: [{ stageId: 'qualify', at: 0 }, { stageId: 'meeting', at: 4 * DAY }] }),
    ]
    const result = averageTimeInStage(deals, pipeline, 10 * DAY)
    expect(result[0]).toEqual({ stageId: 'qualify', samples: 3, averageMs: ((2 + 10 + 4) * DAY) / 3 })
    expect(result[1]).toEqual({ stageId: 'meeting', samples: 2, averageMs: ((8 + 2) * DAY) / 2 })
    expect(result[2]).toEqual({ stageId: 'proposal', samples: 0, averageMs: null })
  })
})

describe('winRate', () => {
  const deals = [
    aDeal({ status: 'won', closedAt: 10 }),
    aDeal({ status: 'won', closedAt: 20 }),
    aDeal({ status: 'lost', closedAt: 30, lostReason: 'x' }),
    aDeal({ status: 'open' }),
  ]
  it('is won over closed, by close time', () => {
    expect(winRate(deals)).toEqual({ won: 2, lost: 1, rate: 2 / 3 })
    expect(winRate(deals, { from: 15, to: 31 })).toEqual({ won: 1, lost: 1, rate: 0.5 })
    expect(winRate(deals, { from: 100, to: 200 })).toEqual({ won: 0, lost: 0, rate: null })
  })
})

describe('pipelineTotals and mainCurrency', () => {
  it('totals open deals only', () => {
    const deals = [
      aDeal({ stageId: 'proposal', amount: 1_000 }),
      aDeal({ status: 'won', amount: 5_000, closedAt: 1 }),
      aDeal({ currency: 'EUR', amount: 7_000 }),
    ]
    expect(pipelineTotals(deals, pipelines, 'USD')).toEqual({ open: 1_000, weighted: 500, openCount: 1 })
  })

  it('picks the most used currency, USD when none', () => {
    expect(mainCurrency([])).toBe('USD')
    expect(mainCurrency([{ currency: 'EUR' }, { currency: 'GBP' }, { currency: 'EUR' }])).toBe('EUR')
    expect(mainCurrency([{ currency: 'GBP' }, { currency: 'EUR' }])).toBe('EUR')
  })
})

describe('monthsBetween', () => {
  it('crosses years and is empty for a reversed range', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    expect(monthsBetween('2026-02', '2025-11')).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------
// Properties over random deals

const stageIds = pipeline.stages.map((stage) => stage.id)
const dealArb: fc.Arbitrary<Deal> = fc
  .record({
    status: fc.constantFrom('open', 'open', 'won', 'lost'),
    stageId: fc.constantFrom(...stageIds, 'removed-stage'),
    amount: fc.integer({ min: 0, max: 1e9 }),
    currency: fc.constantFrom('USD', 'EUR'),
    closeDate: fc.option(fc.date({ min: new Date(2024, 0, 1), max: new Date(2027, 11, 31), noInvalidDate: true }), { nil: undefined }),
    ownerId: fc.constantFrom('', 'ana', 'bo', 'cy'),
    history: fc.array(fc.tuple(fc.constantFrom(...stageIds), fc.integer({ min: 0, max: 1e6 })), { maxLength: 6 }),
    closedAt: fc.integer({ min: 0, max: 2e6 }),
  })
  .map(({ status, stageId, amount, currency, closeDate, ownerId, history, closedAt }) => {
    const stageHistory = history.map(([id, at]) => ({ stageId: id, at })).sort((a, b) => a.at - b.at)
    return aDeal({
      status,
      stageId,
      amount,
      currency,
      ownerId,
      closeDate: closeDate ? closeDate.toISOString().slice(0, 10) : '',
      stageHistory,
      ...(status === 'open' ? {} : { closedAt }),
    })
  })

describe('forecast properties', () => {
  it('weighted never exceeds total, per month, per owner and overall', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 60 }), (deals) => {
        for (const row of weightedByMonth(deals, pipelines, 'USD')) expect(row.weighted).toBeLessThanOrEqual(row.total)
        for (const row of weightedByOwner(deals, pipelines, 'USD')) expect(row.weighted).toBeLessThanOrEqual(row.total)
        const totals = pipelineTotals(deals, pipelines, 'USD')
        expect(totals.weighted).toBeLessThanOrEqual(totals.open)
      }),
    )
  })

  it('months and owners add up to the same open pipeline', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 60 }), fc.constantFrom('USD', 'EUR'), (deals, currency) => {
        const sum = (rows: { weighted: number; total: number }[]) =>
          rows.reduce((acc, row) => ({ weighted: acc.weighted + row.weighted, total: acc.total + row.total }), { weighted: 0, total: 0 })
        const totals = pipelineTotals(deals, pipelines, currency)
        const byMonth = sum(weightedByMonth(deals, pipelines, currency))
        expect(byMonth).toEqual(sum(weightedByOwner(deals, pipelines, currency)))
        expect(byMonth).toEqual({ weighted: totals.weighted, total: totals.open })
      }),
    )
  })

  it('won and lost deals never count as open', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 60 }), (deals) => {
        const open = deals.filter((deal) => deal.status === 'open' && deal.currency === 'USD')
        expect(pipelineTotals(deals, pipelines, 'USD')).toEqual(pipelineTotals(open, pipelines, 'USD'))
        expect(pipelineTotals(deals, pipelines, 'USD').openCount).toBe(open.length)
      }),
    )
  })

  it('conversion rates lie in [0, 1] and reached never grows along the pipeline', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 60 }), (deals) => {
        const rows = stageConversion(deals, pipeline)
        rows.forEach((row, index) => {
          if (row.rate !== null) {
            expect(row.rate).toBeGreaterThanOrEqual(0)
            expect(row.rate).toBeLessThanOrEqual(1)
          }
          expect(row.advanced).toBeLessThanOrEqual(row.reached)
          const next = rows[index + 1]
          if (next) expect(next.reached).toBe(row.advanced)
        })
      }),
    )
  })

  it('win rate lies in [0, 1] and counts every closed deal once', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 60 }), (deals) => {
        const result = winRate(deals)
        expect(result.won + result.lost).toBe(deals.filter((deal) => deal.status !== 'open').length)
        if (result.rate !== null) expect(result.rate >= 0 && result.rate <= 1).toBe(true)
      }),
    )
  })

  it('time in stage is never negative', () => {
    fc.assert(
      fc.property(fc.array(dealArb, { maxLength: 30 }), (deals) => {
        for (const row of averageTimeInStage(deals, pipeline, 3e6)) if (row.averageMs !== null) expect(row.averageMs).toBeGreaterThanOrEqual(0)
      }),
    )
  })
})
