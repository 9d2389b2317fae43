import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CAMPAIGN_STATUSES, type CampaignStatus } from '../schema/campaigns'
import { availableCampaignActions, campaignActionBetween, transitionCampaign, type CampaignAction } from './campaignStateMachine'

const ACTIONS: CampaignAction[] = ['schedule', 'unschedule', 'start', 'pause', 'resume', 'complete', 'cancel']

describe('campaign state machine', () => {
  it('walks the happy path draft → scheduled → sending → paused → sending → sent', () => {
    let status: CampaignStatus = 'draft'
    const steps: Array<[CampaignAction, 'user' | 'server', CampaignStatus]> = [
      ['schedule', 'user', 'scheduled'],
      ['start', 'server', 'sending'],
      ['pause', 'user', 'paused'],
      ['resume', 'user', 'sending'],
      ['complete', 'server', 'sent'],
    ]
    for (const [action, actor, expected] of steps) {
      const result = transitionCampaign(status, action, actor)
      expect(result).toEqual({ ok: true, value: expected })
      if (result.ok) status = result.value
    }
  })

  it('rejects illegal transitions with a reason', () => {
    expect(transitionCampaign('sent', 'pause')).toEqual({ ok: false, error: 'A sent campaign cannot pause.' })
    expect(transitionCampaign('draft', 'resume').ok).toBe(false)
    expect(transitionCampaign('cancelled', 'schedule').ok).toBe(false)
    expect(transitionCampaign('scheduled', 'start', 'user')).toEqual({ ok: false, error: 'A scheduled campaign cannot start sending by hand.' })
    expect(transitionCampaign('sending', 'complete', 'user').ok).toBe(false)
  })

  it('cancels anything under way but nothing finished or still a draft', () => {
    expect(transitionCampaign('scheduled', 'cancel')).toEqual({ ok: true, value: 'cancelled' })
    expect(transitionCampaign('sending', 'cancel')).toEqual({ ok: true, value: 'cancelled' })
    expect(transitionCampaign('paused', 'cancel')).toEqual({ ok: true, value: 'cancelled' })
    expect(transitionCampaign('draft', 'cancel').ok).toBe(false)
    expect(transitionCampaign('sent', 'cancel').ok).toBe(false)
  })

  it('finished campaigns never move again, whatever anyone does', () => {
    fc.assert(
      fc.property(fc.constantFrom<CampaignStatus>('sent', 'cancelled'), fc.constantFrom(...ACTIONS), fc.constantFrom('user' as const, 'server' as const), (status, action, actor) => {
        expect(transitionCampaign(status, action, actor).ok).toBe(false)
      }),
    )
  })

  it('every offered action is legal and campaignActionBetween agrees with transitionCampaign', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CAMPAIGN_STATUSES), fc.constantFrom(...CAMPAIGN_STATUSES), fc.constantFrom('user' as const, 'server' as const), (from, to, actor) => {
        for (const action of availableCampaignActions(from, actor)) expect(transitionCampaign(from, action, actor).ok).toBe(true)
        const action = campaignActionBetween(from, to, actor)
        if (action !== null) expect(transitionCampaign(from, action, actor)).toEqual({ ok: true, value: to })
        else for (const candidate of ACTIONS) {
          const result = transitionCampaign(from, candidate, actor)
          if (result.ok) expect(result.value).not.toBe(to)
        }
      }),
    )
  })
})
