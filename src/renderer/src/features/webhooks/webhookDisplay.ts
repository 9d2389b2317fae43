import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@core/webhooks/events'
import type { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhooksApi'

// How Settings → Webhooks words endpoints and deliveries. Pure, so the wording is tested once.

/** "All events", or the first few labels and how many more. */
export function eventsSummary(events: readonly WebhookEventType[], shown = 3): string {
  if (events.length === 0) return 'No events'
  if (WEBHOOK_EVENT_TYPES.every((type) => events.includes(type))) return 'All events'
  const labels = events.map((type) => WEBHOOK_EVENT_LABELS[type])
  return labels.length <= shown ? labels.join(', ') : `${labels.slice(0, shown).join(', ')} +${labels.length - shown} more`
}

export const DELIVERY_STATUS_LABELS: Record<WebhookDeliveryStatus, string> = {
  queued: 'Waiting',
  sending: 'Sending',
  succeeded: 'Delivered',
  failed: 'Failed',
}

export type Tone = 'good' | 'bad' | 'neutral' | 'warn'

export function deliveryTone(status: WebhookDeliveryStatus, attempts: number): Tone {
  if (status === 'succeeded') return 'good'
  if (status === 'failed') return 'bad'
  return attempts > 0 ? 'warn' : 'neutral'
}

/** The endpoint's state in one short phrase, with its tone. */
export function endpointState(endpoint: WebhookEndpoint): { label: string; tone: Tone } {
  if (!endpoint.enabled) return { label: endpoint.disabledReason === '' ? 'Paused' : 'Disabled', tone: 'bad' }
  if (endpoint.consecutiveFailures > 0) return { label: `Failing (${endpoint.consecutiveFailures} in a row)`, tone: 'warn' }
  return { label: 'Active', tone: 'good' }
}

/** "HTTP 500 · 132 ms", "No answer · 10,000 ms", "Not sent". */
export function attemptSummary(statusCode: number | null, durationMs: number | null): string {
  const code = statusCode === null ? (durationMs === 0 || durationMs === null ? 'Not sent' : 'No answer') : `HTTP ${statusCode}`
  return durationMs === null || (statusCode === null && durationMs === 0) ? code : `${code} · ${durationMs.toLocaleString()} ms`
}

/** When a waiting delivery goes out next, relative to `now`: "in 4 min", "now". */
export function nextRetryLabel(delivery: Pick<WebhookDelivery, 'status' | 'nextAttemptAt'>, now: number): string | null {
  if (delivery.status !== 'queued' || delivery.nextAttemptAt === null) return null
  const minutes = Math.round((delivery.nextAttemptAt - now) / 60_000)
  if (minutes <= 0) return 'now'
  if (minutes < 60) return `in ${minutes} min`
  const hours = Math.round(minutes / 60)
  return `in ${hours} h`
}

/** Client-side URL check before asking the server (which also checks where it resolves). */
export function webhookUrlProblem(raw: string): string | null {
  const text = raw.trim()
  if (text === '') return 'Enter the URL that receives the events.'
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'Enter a full URL, like https://example.com/hooks/outpost.'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The URL must start with https:// or http://.'
  if (url.username !== '' || url.password !== '') return 'Leave the user name and password out of the URL: the signature authenticates requests.'
  return null
}
