import { useState, type FormEvent } from 'react'
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@core/webhooks/events'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { TextField } from '../../ui/Field'
import { webhookUrlProblem } from './webhookDisplay'
import type { WebhookEndpoint, WebhookEndpointInput, WebhookFailure } from './webhooksApi'
import { webhookFailureMessage } from './webhooksApi'

/** Add or edit an endpoint: URL, events (with "All events"), description. */
export function WebhookEndpointDialog({
  endpoint,
  onCancel,
  onSave,
}: {
  /** The endpoint being edited; null to add one. */
  endpoint: WebhookEndpoint | null
  onCancel: () => void
  /** Resolves with the server's refusal, or null once saved. */
  onSave: (input: WebhookEndpointInput) => Promise<WebhookFailure | null>
}) {
  const [url, setUrl] = useState(endpoint?.url ?? '')
  const [description, setDescription] = useState(endpoint?.description ?? '')
  const [events, setEvents] = useState<WebhookEventType[]>(endpoint?.events ?? ['contact.created', 'contact.updated'])
  const [urlError, setUrlError] = useState<string | undefined>(undefined)
  const [eventsError, setEventsError] = useState<string | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const all = events.length === WEBHOOK_EVENT_TYPES.length

  const toggle = (type: WebhookEventType, on: boolean) =>
    setEvents((current) => WEBHOOK_EVENT_TYPES.filter((candidate) => (candidate === type ? on : current.includes(candidate))))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const problem = webhookUrlProblem(url)
    setUrlError(problem ?? undefined)
    setEventsError(events.length === 0 ? 'Choose at least one event.' : null)
    if (problem !== null || events.length === 0) return
    setSaving(true)
    setFormError(null)
    const failure = await onSave({ url: url.trim(), events, description: description.trim() })
    setSaving(false)
    if (failure === null) return
    if (failure.field === 'url') setUrlError(failure.message)
    else setFormError(webhookFailureMessage(failure, 'save the endpoint'))
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onCancel())}
      title={endpoint === null ? 'Add webhook endpoint' : 'Edit webhook endpoint'}
      description="Outpost POSTs each chosen event as signed JSON to this URL, and retries for a day when it fails."
      width="lg"
      footer={
        <>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="webhook-endpoint-form" disabled={saving}>
            {saving ? 'Saving…' : endpoint === null ? 'Add endpoint' : 'Save'}
          </Button>
        </>
      }
    >
      <form id="webhook-endpoint-form" className="flex flex-col gap-4" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label="Endpoint URL"
          type="url"
          inputMode="url"
          placeholder="https://example.com/hooks/outpost"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          error={urlError}
          hint="Public http(s) addresses only; redirects are not followed."
          autoFocus
        />
        <TextField label="Description (optional)" value={description} maxLength={500} onChange={(event) => setDescription(event.target.value)} placeholder="What receives these events" />
        <fieldset className="flex flex-col gap-2" aria-describedby={eventsError ? 'webhook-events-error' : undefined}>
          <legend className="mb-1 text-xs font-medium text-slate-600">Events</legend>
          <label className="flex items-center gap-2 text-sm font-medium text-slate-900">
            <input type="checkbox" className="size-4 accent-accent-600" checked={all} onChange={(event) => setEvents(event.target.checked ? [...WEBHOOK_EVENT_TYPES] : [])} />
            All events
          </label>
          <div className="grid grid-cols-1 gap-x-6 gap-y-1.5 rounded-md border border-slate-200 p-3 sm:grid-cols-2">
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <label key={type} title={type} className="flex items-center gap-2 text-sm text-slate-800">
                <input type="checkbox" className="size-4 shrink-0 accent-accent-600" checked={events.includes(type)} onChange={(event) => toggle(type, event.target.checked)} />
                <span>{WEBHOOK_EVENT_LABELS[type]}</span>
              </label>
            ))}
          </div>
          {eventsError ? (
            <p id="webhook-events-error" role="alert" className="text-xs text-red-600">
              {eventsError}
            </p>
          ) : null}
        </fieldset>
        {formError ? (
          <p role="alert" className="text-sm text-red-700">
            {formError}
          </p>
        ) : null}
      </form>
    </Dialog>
  )
}
