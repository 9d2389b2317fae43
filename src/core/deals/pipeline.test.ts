import fc from 'fast-check'
import { dealSchema } from '../schema'
import { aDeal } from '../testing/dealFixture'
import {
  DEFAULT_PIPELINE_STAGES,
  amountText,
  closeDeal,
  dayOf,
  defaultPipelineFields,
  fitsBetween,
  moveDeal,
  neighbourStage,
  parseAmount,
  positionBetween,
  reopenDeal,
  spacedPositions,
  validateDealInput,
  validatePipelineDraft,
} from './pipeline'

describe('DEFAULT_PIPELINE_STAGES', () => {
  it('has readable stage ids and rising probabilities', () => {
    expect(DEFAULT_PIPELINE_STAGES.map((stage) => [stage.id, stage.probability])).toEqual([
      ['qualify', 10],
      ['meeting', 25],
      ['proposal', 50],
      ['negotiation', 75],
    ])
    expect(defaultPipelineFields()).toMatchObject({ kind: 'pipeline', label: 'Sales pipeline', position: 0 })
  })

  it('hands out copies (editing one pipeline never edits the constant)', () => {
    const fields = defaultPipelineFields()
    const first = fields.stages[0]
    if (first) first.name = 'Changed'
    expect(DEFAULT_PIPELINE_STAGES[0]?.name).toBe('Qualify')
  })
})

describe('moveDeal', () => {
  it('appends the new stage to the history', () => {
    const patch = moveDeal(aDeal(), 'meeting', 5, 1000)
    expect(patch).toEqual({
      stageId: 'meeting',
      position: 5,
      stageHistory: [
        { stageId: 'qualify', at: 0 },
        { stageId: 'meeting', at: 1000 },
      ],
    })
  })

  it('only reorders within the same stage', () => {
    expect(moveDeal(aDeal(), 'qualify', 42, 1000)).toEqual({ stageId: 'qualify', position: 42 })
  })

  it('never records a move before the previous one (a clock behind)', () => {
    const deal = aDeal({ stageHistory: [{ stageId: 'qualify', at: 5000 }] })
    expect(moveDeal(deal, 'meeting', 0, 1000).stageHistory?.at(-1)).toEqual({ stageId: 'meeting', at: 5000 })
  })

  it('keeps at most the schema limit of entries', () => {
    const history = Array.from({ length: 200 }, (_, at) => ({ stageId: at % 2 ? 'meeting' : 'qualify', at }))
    const patch = moveDeal(aDeal({ stageId: 'meeting', stageHistory: history }), 'proposal', 0, 500)
    expect(patch.stageHistory).toHaveLength(200)
    expect(patch.stageHistory?.at(-1)).toEqual({ stageId: 'proposal', at: 500 })
  })

  it('keeps the history ordered through any sequence of moves (property)', () => {
    const stageIds = DEFAULT_PIPELINE_STAGES.map((stage) => stage.id)
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...stageIds), fc.integer({ min: 0, max: 1e12 })), { maxLength: 60 }), (moves) => {
        let deal = aDeal()
        for (const [stageId, at] of moves) deal = { ...deal, ...moveDeal(deal, stageId, 0, at) }
        for (let index = 1; index < deal.stageHistory.length; index += 1) {
          const previous = deal.stageHistory[index - 1]
          const current = deal.stageHistory[index]
          expect(current && previous && current.at >= previous.at).toBe(true)
          expect(current?.stageId).not.toBe(previous?.stageId)
        }
        expect(deal.stageHistory.at(-1)?.stageId).toBe(deal.stageId)
      }),
    )
  })
})

describe('closeDeal and reopenDeal', () => {
  const at = new Date(2026, 2, 14, 15, 30).getTime()

  it('wins a deal: status, when, and the real close day', () => {
    expect(closeDeal(aDeal({ closeDate: '2026-06-30' }), 'won', at)).toEqual({
      ok: true,
      value: { status: 'won', closedAt: at, closeDate: '2026-03-14', lostReason: '' },
    })
  })

  it('needs a reason to lose a deal', () => {
    expect(closeDeal(aDeal(), 'lost', at)).toEqual({ ok: false, error: 'Say why the deal was lost' })
    expect(closeDeal(aDeal(), 'lost', at, '   ')).toEqual({ ok: false, error: 'Say why the deal was lost' })
    expect(closeDeal(aDeal(), 'lost', at, ' Went with a competitor ')).toMatchObject({
      ok: true,
      value: { status: 'lost', lostReason: 'Went with a competitor' },
    })
  })

  it('refuses a reason longer than the schema allows', () => {
    expect(closeDeal(aDeal(), 'lost', at, 'x'.repeat(501)).ok).toBe(false)
  })

  it('can turn a lost deal into a won one (the reason goes)', () => {
    const lost = aDeal({ status: 'lost', lostReason: 'Budget', closedAt: 1 })
    expect(closeDeal(lost, 'won', at)).toMatchObject({ ok: true, value: { status: 'won', lostReason: '' } })
  })

  it('reopens: open again, no reason, closedAt cleared', () => {
    expect(reopenDeal()).toEqual({ patch: { status: 'open', lostReason: '' }, remove: ['closedAt'] })
  })

  it('formats the local day', () => {
    expect(dayOf(new Date(2026, 0, 5, 23, 59).getTime())).toBe('2026-01-05')
  })
})

describe('positionBetween', () => {
  it('places first, last and between', () => {
    expect(positionBetween()).toBe(0)
    expect(positionBetween(undefined, 0)).toBeLessThan(0)
    expect(positionBetween(0)).toBeGreaterThan(0)
    expect(positionBetween(0, 1024)).toBe(512)
  })

  it('lands strictly between two different neighbours while they are far enough apart (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 1e-3, max: 1e9, noNaN: true }), (before, gap) => {
        const after = before + gap
        fc.pre(after > before)
        const position = positionBetween(before, after)
        expect(position).toBeGreaterThan(before)
        expect(position).toBeLessThan(after)
        expect(fitsBetween(position, before, after)).toBe(true)
      }),
    )
  })

  it('tells when a gap is used up, and spacedPositions renumbers', () => {
    let after = 2000
    for (let round = 0; round < 80; round += 1) after = positionBetween(1000, after)
    expect(fitsBetween(positionBetween(1000, after), 1000, after)).toBe(false)
    expect(spacedPositions(3)).toEqual([0, 1024, 2048])
  })

  it('stays inside the schema bounds', () => {
    expect(positionBetween(1e12)).toBeLessThanOrEqual(dealSchema.properties.position.maximum)
    expect(positionBetween(undefined, -1e12)).toBeGreaterThanOrEqual(dealSchema.properties.position.minimum)
  })
})

describe('parseAmount', () => {
  it.each([
    ['', 'USD', 0],
    ['12500', 'USD', 1_250_000],
    ['12,500', 'USD', 1_250_000],
    ['12,500.5', 'USD', 1_250_050],
    ['1,234,567.89', 'USD', 123_456_789],
    ['1.234.567,89', 'EUR', 123_456_789],
    ['12 500,50', 'EUR', 1_250_050],
    ['12,5', 'EUR', 1250],
    ['$ 1,200', 'USD', 120_000],
    ['1200 USD', 'USD', 120_000],
    ['usd1200', 'USD', 120_000],
    ['€5', 'EUR', 500],
    ['.5', 'USD', 50],
    ['5000', 'JPY', 5000],
    ['1.234', 'BHD', 1234],
  ])('reads %j in %s as %d minor units', (text, currency, expected) => {
    expect(parseAmount(text, currency)).toEqual({ ok: true, value: expected })
  })

  it.each([
    ['-5', 'USD', /negative/],
    ['lots', 'USD', /Enter an amount/],
    ['1,5,0', 'USD', /Enter an amount/],
    ['12 EUR', 'USD', /Enter an amount/],
    ['12abc', 'USD', /Enter an amount/],
    ['1.2.3,4', 'USD', /Enter an amount/],
    ['1.234', 'USD', /At most 2 decimals/],
    ['10.5', 'JPY', /no decimals/],
    ['999999999999999', 'USD', /too large/],
  ])('refuses %j in %s', (text, currency, message) => {
    const result = parseAmount(text, currency)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(message)
  })

  it('round-trips through amountText (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), fc.constantFrom('USD', 'EUR', 'JPY', 'BHD'), (amount, currency) => {
        expect(parseAmount(amountText(amount, currency), currency)).toEqual({ ok: true, value: amount })
      }),
    )
  })
})

describe('validateDealInput', () => {
  it('returns normalized input', () => {
    expect(
      validateDealInput({ name: '  Acme renewal ', amount: '12,000', currency: 'eur', closeDate: '2026-05-31', contactId: 'c1' }),
    ).toEqual({
      ok: true,
      value: { name: 'Acme renewal', amount: 1_200_000, currency: 'EUR', closeDate: '2026-05-31', ownerId: '', contactId: 'c1', companyId: '' },
    })
  })

  it('reports every bad field at once', () => {
    const result = validateDealInput({ name: ' ', amount: 'lots', currency: 'euro', closeDate: '2026-02-30' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(Object.keys(result.error).sort()).toEqual(['amount', 'closeDate', 'currency', 'name'])
  })
})

describe('neighbourStage', () => {
  const pipeline = defaultPipelineFields()
  it('finds the next and previous stage, none past the ends', () => {
    expect(neighbourStage(pipeline, 'meeting', 1)?.id).toBe('proposal')
    expect(neighbourStage(pipeline, 'meeting', -1)?.id).toBe('qualify')
    expect(neighbourStage(pipeline, 'negotiation', 1)).toBeUndefined()
    expect(neighbourStage(pipeline, 'gone', 1)).toBeUndefined()
  })
})

describe('validatePipelineDraft', () => {
  it('trims and converts probabilities', () => {
    expect(validatePipelineDraft({ label: ' Renewals ', stages: [{ id: 'a', name: ' Talk ', probability: ' 30 ' }] })).toEqual({
      ok: true,
      value: { label: 'Renewals', stages: [{ id: 'a', name: 'Talk', probability: 30 }] },
    })
  })

  it('reports each bad stage field and the empty pipeline', () => {
    const result = validatePipelineDraft({
      label: '',
      stages: [
        { id: 'a', name: 'Talk', probability: '101' },
        { id: 'b', name: 'talk', probability: '2.5' },
        { id: 'c', name: ' ', probability: '' },
      ],
    })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(Object.keys(result.error).sort()).toEqual([
        'label',
        'stages.0.probability',
        'stages.1.name',
        'stages.1.probability',
        'stages.2.name',
        'stages.2.probability',
      ])
    }
    expect(validatePipelineDraft({ label: 'x', stages: [] })).toEqual({ ok: false, error: { stages: 'A pipeline needs at least one stage' } })
  })
})
