import { useMemo } from 'react'
import { ruleLabel, scoreContact, stageForScore } from '@core/scoring/score'
import type { Contact, StageMoveSource } from '@core/schema'
import { useNow } from '../../app/useNow'
import { routePath } from '../../app/router'
import { useCustomFieldDefinitions } from '../../data/hooks'
import { formatRelativeTime } from '../contacts/contactDisplay'
import { stageDotClass } from '../contacts/LifecycleStagePill'
import { useLifecycleSettings } from './useLifecycleSettings'
import { useScoreService } from './useScoreService'

const SOURCE_LABELS: Record<StageMoveSource, string> = {
  manual: 'set by hand',
  score: 'by lead score',
  deal: 'by a deal',
  import: 'when added',
  workflow: 'by a workflow',
}

const HISTORY_SHOWN = 8

function signed(points: number): string {
  return points > 0 ? `+${points}` : points < 0 ? `−${Math.abs(points)}` : '0'
}

/** The contact's lead score, where every point came from, and how its lifecycle stage moved. */
export function ContactScoreCard({ contact }: { contact: Contact }) {
  const { service, snapshot } = useScoreService()
  const { labels } = useLifecycleSettings()
  const definitions = useCustomFieldDefinitions()
  const now = useNow()
  const config = snapshot.config
  // Scored here from the contact as shown (not the service's cache), so an edit shows at once.
  const score = useMemo(
    () => scoreContact(contact, service.signalsOf(contact.id), config, now),
    // The snapshot changes when the contact's signals do.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [contact, config, now, service, snapshot],
  )
  const fieldLabels = useMemo(() => new Map(definitions.map((d) => [`custom.${d.key}`, d.label])), [definitions])
  const rulesById = useMemo(() => new Map(config.rules.map((rule) => [rule.id, rule])), [config])
  const qualified = stageForScore(score.total, config)
  const history = [...(contact.stageHistory ?? [])].reverse()

  return (
    <section aria-labelledby="score-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-center justify-between gap-2">
        <h2 id="score-heading" className="text-sm font-semibold text-slate-900">
          Lead score
        </h2>
        {qualified ? (
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${qualified === 'salesQualified' ? 'bg-violet-50 text-violet-700 ring-violet-200' : 'bg-indigo-50 text-indigo-700 ring-indigo-200'}`}
            title={labels[qualified]}
          >
            {qualified === 'salesQualified' ? 'SQL' : 'MQL'}
          </span>
        ) : null}
      </div>
      <p className="mt-2 flex items-baseline gap-2">
        <span data-testid="contact-score" className="text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">
          {score.total}
        </span>
        <span className="text-xs text-slate-500">
          points · MQL at {config.mqlThreshold}, SQL at {config.sqlThreshold}
        </span>
      </p>

      {score.contributions.length > 0 || score.adjustment !== 0 ? (
        <ul aria-label="Where the points come from" className="mt-3 flex flex-col gap-1.5 border-t border-slate-100 pt-3 text-xs">
          {score.contributions.map((part) => {
            const rule = rulesById.get(part.ruleId)
            const label = rule ? ruleLabel(rule, fieldLabels) : part.label
            const undecayed = rule && rule.kind === 'event' && rule.event !== 'unsubscribed' ? rule.points * part.count : part.points
            return (
              <li key={part.ruleId} className="flex items-baseline justify-between gap-3">
                <span className="min-w-0 truncate text-slate-700" title={label}>
                  {label}
                  {part.count > 1 ? <span className="text-slate-500"> ×{part.count}</span> : null}
                </span>{' '}
                <span className="shrink-0 tabular-nums">
                  {undecayed !== part.points ? <span className="mr-1.5 text-slate-400">{signed(undecayed)} before decay</span> : null}
                  <span className={`font-semibold ${part.points < 0 ? 'text-red-700' : 'text-slate-900'}`}>{signed(part.points)}</span>
                </span>
              </li>
            )
          })}
          {score.adjustment !== 0 ? (
            <li className="flex items-baseline justify-between gap-3">
              <span className="text-slate-700">Manual adjustment</span>{' '}
              <span className="font-semibold text-slate-900 tabular-nums">{signed(score.adjustment)}</span>
            </li>
          ) : null}
        </ul>
      ) : (
        <p className="mt-3 border-t border-slate-100 pt-3 text-xs text-slate-500">
          No rule gives points yet.{' '}
          <a href={routePath({ name: 'settings', section: 'scoring' })} className="font-medium text-accent-700 hover:underline">
            Scoring rules
          </a>
        </p>
      )}

      {history.length > 0 ? (
        <div className="mt-3 border-t border-slate-100 pt-3">
          <h3 className="text-xs font-semibold text-slate-700">Stage history</h3>
          <ol aria-label="Stage history" className="mt-1.5 flex flex-col gap-1 text-xs">
            {history.slice(0, HISTORY_SHOWN).map((entry, index) => (
              <li key={`${entry.at}-${index}`} className="flex items-baseline justify-between gap-3">
                <span className="inline-flex min-w-0 items-center gap-1.5 text-slate-700">
                  <span aria-hidden className={`h-1.5 w-1.5 shrink-0 rounded-full ${stageDotClass(entry.stage)}`} />
                  <span className="truncate">{labels[entry.stage]}</span>{' '}
                  <span className="shrink-0 text-slate-400">{SOURCE_LABELS[entry.source]}</span>
                </span>{' '}
                <time dateTime={new Date(entry.at).toISOString()} title={new Date(entry.at).toLocaleString()} className="shrink-0 text-slate-400">
                  {formatRelativeTime(entry.at, now)}
                </time>
              </li>
            ))}
          </ol>
          {history.length > HISTORY_SHOWN ? <p className="mt-1 text-xs text-slate-400">and {history.length - HISTORY_SHOWN} earlier</p> : null}
        </div>
      ) : null}
    </section>
  )
}
