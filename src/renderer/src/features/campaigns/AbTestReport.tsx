import { useState } from 'react'
import type { AbResult, AbTest, Campaign } from '@core/schema'
import { formatWait } from '@core/campaigns/campaignReadiness'
import { useAppDispatch } from '../../app/store'
import { useNow } from '../../app/useNow'
import { toastShown } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { pickAbWinnerNow } from './abTestWrites'
import { formatLocalDateTime } from './campaignDisplay'

// The report's A/B block: each variant's test figures and how likely it is to be the best, the
// phase and when the winner is picked, and "Pick winner now".

const count = new Intl.NumberFormat('en-US')
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 })

const PHASE_LINES: Record<AbResult['phase'], string> = {
  testing: 'Sending the test',
  waiting: 'Waiting for results',
  decided: 'Winner picked',
  sending_winner: 'Sending the winner to the rest',
  done: 'Done',
}

const DECIDED_BY: Record<NonNullable<AbResult['decidedBy']>, string> = {
  clicks: 'most unique clicks',
  opens: 'most unique opens',
  manual: 'picked by hand',
  tie: 'a tie: the first of the leaders',
}

export function AbTestReport({ campaign, now: fixedNow }: { campaign: Pick<Campaign, 'id' | 'status' | 'abTest' | 'abResult'>; now?: number }) {
  const clock = useNow(30_000)
  const now = fixedNow ?? clock
  const abTest = campaign.abTest
  if (abTest === undefined) return null
  const result = campaign.abResult
  return (
    <section aria-labelledby="ab-report-title" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <div className="min-w-0">
          <h2 id="ab-report-title" className="text-sm font-semibold text-slate-900">
            A/B test
          </h2>
          <p className="text-xs text-slate-500">{phaseLine(abTest, result, now)}</p>
        </div>
        <PickWinner campaign={campaign} abTest={abTest} result={result} />
      </div>
      {abTest.metric === 'opens' ? (
        <p className="border-b border-slate-100 bg-amber-50 px-4 py-1.5 text-xs text-amber-800">
          Winner by opens, which is less reliable: privacy proxies open every email.
        </p>
      ) : null}
      <VariantTable abTest={abTest} result={result} />
    </section>
  )
}

function phaseLine(abTest: AbTest, result: AbResult | undefined, now: number): string {
  const split = `${abTest.testPercent}% of the audience in the test, winner by unique ${abTest.metric}`
  if (result === undefined) return `${split}, ${formatWait(abTest.waitMinutes)} after the first test email`
  const phase = PHASE_LINES[result.phase]
  const testers = `${count.format(result.testRecipients)} in the test`
  if (result.winnerId === '') {
    const when = result.testEndsAt > now ? `the winner is picked ${formatLocalDateTime(result.testEndsAt)}` : 'the winner is picked once the last test emails are out'
    return `${phase} · ${testers} · ${when}`
  }
  const decided = result.decidedAt ? ` ${formatLocalDateTime(result.decidedAt)}` : ''
  return `${phase} · ${testers} · winner picked${decided} (${DECIDED_BY[result.decidedBy ?? abTest.metric]})`
}

function VariantTable({ abTest, result }: { abTest: AbTest; result: AbResult | undefined }) {
  const byId = new Map((result?.variants ?? []).map((variant) => [variant.id, variant]))
  const rate = (part: number, whole: number): string => (whole > 0 ? percent.format(part / whole) : '–')
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[52rem] table-fixed text-sm">
        <caption className="sr-only">Variants of the A/B test</caption>
        <colgroup>
          <col />
          <col className="w-24" />
          <col className="w-20" />
          <col className="w-32" />
          <col className="w-32" />
          <col className="w-56" />
        </colgroup>
        <thead className="text-xs text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2 text-left font-medium">
              Variant
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Recipients
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Sent
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Unique opens
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Unique clicks
            </th>
            <th scope="col" className="px-4 py-2 text-left font-medium">
              Confidence
            </th>
          </tr>
        </thead>
        <tbody>
          {abTest.variants.map((variant) => {
            const figures = byId.get(variant.id)
            const winner = result !== undefined && result.winnerId === variant.id
            const confidence = figures?.confidence ?? 0
            const sent = figures?.sent ?? 0
            return (
              <tr key={variant.id} className={`border-t border-slate-100 ${winner ? 'bg-emerald-50/60' : ''}`}>
                <th scope="row" className="px-4 py-2 text-left font-normal">
                  <span className="flex min-w-0 items-center gap-2">
                    <span className="truncate font-medium text-slate-900">{variant.name}</span>
                    {winner ? <span className="shrink-0 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">Winner</span> : null}
                  </span>
                  <span className="block truncate text-xs text-slate-500" title={variantSummary(variant)}>
                    {variantSummary(variant)}
                  </span>
                </th>
                <td className="px-3 py-2 text-right tabular-nums">{count.format(figures?.recipients ?? 0)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{count.format(sent)}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {count.format(figures?.uniqueOpens ?? 0)} <span className="text-xs text-slate-500">{rate(figures?.uniqueOpens ?? 0, sent)}</span>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {count.format(figures?.uniqueClicks ?? 0)} <span className="text-xs text-slate-500">{rate(figures?.uniqueClicks ?? 0, sent)}</span>
                </td>
                <td className="px-4 py-2">
                  {figures === undefined ? (
                    <span className="text-xs text-slate-500">No figures yet</span>
                  ) : (
                    <div className="flex items-center gap-2">
                      <div
                        role="meter"
                        aria-label={`${variant.name}: likelihood of being best`}
                        aria-valuemin={0}
                        aria-valuemax={100}
                        aria-valuenow={Math.round(confidence * 100)}
                        className="h-2 w-20 shrink-0 overflow-hidden rounded-full bg-slate-100"
                      >
                        <div className={`h-full rounded-full ${winner ? 'bg-emerald-500' : 'bg-accent-500'}`} style={{ width: `${Math.round(confidence * 100)}%` }} />
                      </div>
                      <span className="text-xs whitespace-nowrap text-slate-700 tabular-nums">{Math.round(confidence * 100)}% likely best</span>
                    </div>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p className="px-4 py-2 text-xs text-slate-500">
        Figures are from the test share only, people only (machine opens and clicks left out). “Likely best” is the chance that the variant’s true rate is the highest, given the
        test so far.
      </p>
    </div>
  )
}

function variantSummary(variant: AbTest['variants'][number]): string {
  const parts = [variant.subject ? `“${variant.subject}”` : '', variant.fromName ? `from ${variant.fromName}` : '', variant.templateId ? 'own template' : ''].filter(
    (part) => part !== '',
  )
  return parts.length > 0 ? parts.join(' · ') : 'The campaign’s subject, sender and template'
}

function PickWinner({ campaign, abTest, result }: { campaign: Pick<Campaign, 'id' | 'status'>; abTest: AbTest; result: AbResult | undefined }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const [choice, setChoice] = useState(abTest.variants[0]?.id ?? '')
  const [confirming, setConfirming] = useState(false)
  const requested = abTest.manualWinnerId ?? ''
  const running = (campaign.status === 'sending' || campaign.status === 'paused') && (result?.winnerId ?? '') === ''
  if (!running) return null
  if (requested !== '') {
    const name = abTest.variants.find((variant) => variant.id === requested)?.name ?? 'the chosen variant'
    return <p className="text-xs text-slate-600">Winner {name} picked; the server sends it next.</p>
  }
  const chosen = abTest.variants.find((variant) => variant.id === choice)
  const pick = async () => {
    setConfirming(false)
    const picked = await pickAbWinnerNow(db, campaign.id, choice)
    dispatch(toastShown(picked.ok ? { message: `${chosen?.name ?? 'The variant'} goes to the rest of the audience.` } : { message: picked.error, tone: 'error' }))
  }
  return (
    <div className="flex items-center gap-2">
      <label className="sr-only" htmlFor={`ab-winner-${campaign.id}`}>
        Winner
      </label>
      <select
        id={`ab-winner-${campaign.id}`}
        value={choice}
        onChange={(event) => setChoice(event.target.value)}
        className="h-7 rounded-md border border-slate-300 bg-white px-2 text-xs text-slate-900 focus:border-accent-500 focus:ring-2 focus:ring-accent-100 focus:outline-none"
      >
        {abTest.variants.map((variant) => (
          <option key={variant.id} value={variant.id}>
            {variant.name}
          </option>
        ))}
      </select>
      <Button size="sm" variant="primary" onClick={() => setConfirming(true)}>
        Pick winner now
      </Button>
      <ConfirmDialog
        open={confirming}
        danger={false}
        title={`Send ${chosen?.name ?? 'this variant'} to everyone else?`}
        message="The test ends now, whatever its figures say, and the rest of the audience gets this variant. This cannot be undone."
        confirmLabel={`Pick ${chosen?.name ?? 'variant'}`}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void pick()}
      />
    </div>
  )
}
