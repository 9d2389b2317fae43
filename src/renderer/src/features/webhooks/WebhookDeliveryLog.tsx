import { Fragment, useCallback, useEffect, useState } from 'react'
import { isWebhookEventType, WEBHOOK_EVENT_LABELS } from '@core/webhooks/events'
import { Button } from '../../ui/Button'
import { attemptSummary, DELIVERY_STATUS_LABELS, deliveryTone, nextRetryLabel, type Tone } from './webhookDisplay'
import { webhookFailureMessage, type WebhookDelivery, type WebhooksApi } from './webhooksApi'

const PAGE = 20

export const TONE_CLASSES: Record<Tone, string> = {
  good: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
  bad: 'bg-red-50 text-red-800 ring-red-600/20',
  warn: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  neutral: 'bg-slate-50 text-slate-700 ring-slate-500/20',
}

export function StatusBadge({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONE_CLASSES[tone]}`}>{children}</span>
}

const eventLabel = (type: string) => (isWebhookEventType(type) ? WEBHOOK_EVENT_LABELS[type] : type)

/** One endpoint's deliveries, newest first, each with its attempts; older pages on demand. */
export function WebhookDeliveryLog({
  api,
  endpointId,
  refreshKey,
  onRefreshed,
}: {
  api: WebhooksApi
  endpointId: string
  refreshKey: number
  /** After the newest page was fetched again (the endpoint's "last delivery" may have moved too). */
  onRefreshed?: () => void
}) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null)
  const [nextBefore, setNextBefore] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [open, setOpen] = useState<string | null>(null)
  /** When the page was fetched: "next retry in …" is relative to it. */
  const [loadedAt, setLoadedAt] = useState(0)

  const load = useCallback(
    async (before: string | null) => {
      setLoading(true)
      const answer = await api.deliveries(endpointId, before, PAGE)
      setLoading(false)
      if (!answer.ok) {
        setError(webhookFailureMessage(answer.error, 'see the delivery log'))
        return
      }
      setError(null)
      setLoadedAt(Date.now())
      setDeliveries((current) => (before === null ? answer.value.deliveries : [...(current ?? []), ...answer.value.deliveries]))
      setNextBefore(answer.value.nextBefore)
      if (before === null) onRefreshed?.()
    },
    [api, endpointId, onRefreshed],
  )
  useEffect(() => {
    void load(null)
  }, [load, refreshKey])

  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-2">
        <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Delivery log</h4>
        <Button size="sm" variant="ghost" onClick={() => void load(null)} disabled={loading}>
          {loading ? 'Loading…' : 'Refresh'}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {deliveries === null ? null : deliveries.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-600">No deliveries yet. Send a test event to see one here.</p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Event
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Last answer
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Attempts
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Next retry
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  When
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => {
                const expanded = open === delivery.id
                return (
                  <Fragment key={delivery.id}>
                    <tr className="border-t border-slate-100 align-top">
                      <td className="px-3 py-2">
                        <button
                          type="button"
                          aria-expanded={expanded}
                          aria-label={`${eventLabel(delivery.eventType)}: ${expanded ? 'hide' : 'show'} attempts`}
                          onClick={() => setOpen(expanded ? null : delivery.id)}
                          className="rounded text-left font-medium text-slate-900 hover:underline focus-visible:ring-2 focus-visible:ring-accent-300 focus-visible:outline-none"
                        >
                          <span aria-hidden="true" className="mr-1 inline-block w-3 text-slate-400">
                            {expanded ? '▾' : '▸'}
                          </span>
                          {eventLabel(delivery.eventType)}
                        </button>
                        {delivery.lastError ? <p className="mt-0.5 max-w-xs truncate text-xs text-red-700" title={delivery.lastError}>{delivery.lastError}</p> : null}
                      </td>
                      <td className="px-3 py-2">
                        <StatusBadge tone={deliveryTone(delivery.status, delivery.attempts)}>{DELIVERY_STATUS_LABELS[delivery.status]}</StatusBadge>
                      </td>
                      <td className="px-3 py-2 whitespace-nowrap text-slate-700">{delivery.attempts === 0 ? '—' : attemptSummary(delivery.lastStatusCode, delivery.lastDurationMs)}</td>
                      <td className="px-3 py-2 text-slate-700">{delivery.attempts}</td>
                      <td className="px-3 py-2 whitespace-nowrap text-slate-700">{nextRetryLabel(delivery, loadedAt) ?? '—'}</td>
                      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{new Date(delivery.lastAttemptAt ?? delivery.createdAt).toLocaleString()}</td>
                    </tr>
                    {expanded ? (
                      <tr className="bg-slate-50/60">
                        <td colSpan={6} className="px-3 py-2">
                          {delivery.attemptLog.length === 0 ? (
                            <p className="text-xs text-slate-600">Not attempted yet.</p>
                          ) : (
                            <ol className="flex flex-col gap-1 text-xs text-slate-700">
                              {delivery.attemptLog.map((attempt) => (
                                <li key={attempt.attempt} className="flex flex-wrap gap-x-3">
                                  <span className="font-medium">Attempt {attempt.attempt}</span>
                                  <span>{new Date(attempt.at).toLocaleString()}</span>
                                  <span>{attemptSummary(attempt.statusCode, attempt.durationMs)}</span>
                                  {attempt.error ? <span className="text-red-700">{attempt.error}</span> : null}
                                </li>
                              ))}
                            </ol>
                          )}
                          <p className="mt-1 text-[11px] text-slate-400">Event id {delivery.eventId}</p>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore !== null ? (
        <div>
          <Button size="sm" variant="secondary" onClick={() => void load(nextBefore)} disabled={loading}>
            Load older deliveries
          </Button>
        </div>
      ) : null}
    </div>
  )
}
