import { useCallback, useEffect, useState } from 'react'
import { isWebhookEventType, WEBHOOK_EVENT_LABELS } from '@core/webhooks/events'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { DELIVERY_STATUS_LABELS, deliveryTone, endpointState, eventsSummary } from './webhookDisplay'
import { StatusBadge, WebhookDeliveryLog } from './WebhookDeliveryLog'
import { WebhookEndpointDialog } from './WebhookEndpointDialog'
import { WebhookSecretDialog } from './WebhookSecretDialog'
import { useWebhooksApi, webhookFailureMessage, type WebhookEndpoint, type WebhookEndpointInput, type WebhookFailure, type WebhooksApi } from './webhooksApi'

/** Settings → Webhooks: endpoints that receive signed JSON events, with their delivery logs. */
export function WebhooksSection() {
  const { api, signedIn, canManage } = useWebhooksApi()
  return (
    <section aria-labelledby="webhooks-heading" className="flex flex-col gap-3">
      <div>
        <h2 id="webhooks-heading" className="text-sm font-semibold text-slate-900">
          Webhooks
        </h2>
        <p className="mt-0.5 text-sm text-slate-600">
          Send events (contacts, deals, email engagement, workflows) as signed JSON to other systems. The sync server delivers them, retrying for a day when a receiver fails.
        </p>
      </div>
      {!signedIn ? (
        <p className="text-sm text-slate-500">Webhooks are sent by the sync server: sign in to one (Settings → Sync) to set them up.</p>
      ) : !canManage ? (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">Only owners and admins of this workspace see and manage webhooks. Ask one of them to add an endpoint.</p>
      ) : (
        <WebhooksManager api={api} />
      )}
    </section>
  )
}

type Pending = { kind: 'add' } | { kind: 'edit'; endpoint: WebhookEndpoint } | { kind: 'delete'; endpoint: WebhookEndpoint } | { kind: 'rotate'; endpoint: WebhookEndpoint }

function WebhooksManager({ api }: { api: WebhooksApi }) {
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null)
  const [limit, setLimit] = useState(25)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const [secret, setSecret] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [logOpen, setLogOpen] = useState<string | null>(null)
  const [logRefresh, setLogRefresh] = useState(0)
  const [loading, setLoading] = useState(false)

  const refresh = useCallback(async () => {
    setLoading(true)
    const answer = await api.list()
    setLoading(false)
    if (!answer.ok) {
      setError(webhookFailureMessage(answer.error, 'manage webhooks'))
      return
    }
    setError(null)
    setEndpoints(answer.value.endpoints)
    setLimit(answer.value.limit)
  }, [api])
  useEffect(() => {
    void refresh()
  }, [refresh])
  const refreshQuietly = useCallback(() => void refresh(), [refresh])

  const report = (failure: WebhookFailure, doing: string) => setError(webhookFailureMessage(failure, doing))

  const save = async (input: WebhookEndpointInput): Promise<WebhookFailure | null> => {
    if (pending?.kind === 'edit') {
      const answer = await api.update(pending.endpoint.id, input)
      if (!answer.ok) return answer.error
    } else {
      const answer = await api.create(input)
      if (!answer.ok) return answer.error
      setSecret(answer.value.secret)
    }
    setPending(null)
    await refresh()
    return null
  }

  const setEnabled = async (endpoint: WebhookEndpoint, enabled: boolean) => {
    const answer = await api.update(endpoint.id, { enabled })
    if (!answer.ok) return report(answer.error, enabled ? 're-enable the endpoint' : 'pause the endpoint')
    setNotice(enabled ? 'Re-enabled: waiting deliveries go out now.' : 'Paused: events wait until you re-enable it.')
    await refresh()
  }

  const sendTest = async (endpoint: WebhookEndpoint) => {
    const answer = await api.sendTest(endpoint.id)
    if (!answer.ok) return report(answer.error, 'send a test event')
    setNotice('Test event queued (a sample “Contact updated” marked test: true). It shows in the delivery log within seconds.')
    setLogOpen(endpoint.id)
    setLogRefresh((n) => n + 1)
  }

  const remove = async (endpoint: WebhookEndpoint) => {
    setPending(null)
    const answer = await api.remove(endpoint.id)
    if (!answer.ok) return report(answer.error, 'delete the endpoint')
    setNotice('Endpoint deleted.')
    await refresh()
  }

  const rotate = async (endpoint: WebhookEndpoint) => {
    setPending(null)
    const answer = await api.rotateSecret(endpoint.id)
    if (!answer.ok) return report(answer.error, 'rotate the secret')
    setSecret(answer.value.secret)
  }

  const atLimit = endpoints !== null && endpoints.length >= limit
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" variant="primary" onClick={() => setPending({ kind: 'add' })} disabled={endpoints === null || atLimit}>
          Add endpoint
        </Button>
        <Button size="sm" variant="ghost" onClick={() => void refresh()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </Button>
        {atLimit ? <span className="text-xs text-slate-500">A workspace has at most {limit} endpoints.</span> : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="text-sm text-slate-700">
          {notice}
        </p>
      ) : null}
      {endpoints === null ? (
        loading ? <p className="text-sm text-slate-500">Loading endpoints…</p> : null
      ) : endpoints.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center">
          <p className="text-sm font-medium text-slate-900">No webhook endpoints yet</p>
          <p className="mt-1 text-sm text-slate-600">Add the URL of a system that should hear about new contacts, won deals or email clicks.</p>
        </div>
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Webhook endpoints">
          {endpoints.map((endpoint) => (
            <EndpointCard
              key={endpoint.id}
              endpoint={endpoint}
              api={api}
              logOpen={logOpen === endpoint.id}
              logRefresh={logRefresh}
              onToggleLog={() => setLogOpen(logOpen === endpoint.id ? null : endpoint.id)}
              onEdit={() => setPending({ kind: 'edit', endpoint })}
              onDelete={() => setPending({ kind: 'delete', endpoint })}
              onRotate={() => setPending({ kind: 'rotate', endpoint })}
              onTest={() => void sendTest(endpoint)}
              onEnable={(enabled) => void setEnabled(endpoint, enabled)}
              onLogRefreshed={refreshQuietly}
            />
          ))}
        </ul>
      )}
      {pending?.kind === 'add' || pending?.kind === 'edit' ? (
        <WebhookEndpointDialog endpoint={pending.kind === 'edit' ? pending.endpoint : null} onCancel={() => setPending(null)} onSave={save} />
      ) : null}
      <ConfirmDialog
        open={pending?.kind === 'delete'}
        title="Delete this endpoint?"
        message={`${pending?.kind === 'delete' ? pending.endpoint.url : ''} stops receiving events, and its waiting deliveries and log are deleted.`}
        confirmLabel="Delete endpoint"
        onConfirm={() => (pending?.kind === 'delete' ? void remove(pending.endpoint) : undefined)}
        onCancel={() => setPending(null)}
      />
      <ConfirmDialog
        open={pending?.kind === 'rotate'}
        title="Rotate the signing secret?"
        message="Requests are signed with a new secret from now on; the receiver must be given it, or it will refuse them."
        confirmLabel="Rotate secret"
        onConfirm={() => (pending?.kind === 'rotate' ? void rotate(pending.endpoint) : undefined)}
        onCancel={() => setPending(null)}
      />
      {secret !== null ? <WebhookSecretDialog secret={secret} onClose={() => setSecret(null)} /> : null}
    </div>
  )
}

function EndpointCard({
  endpoint,
  api,
  logOpen,
  logRefresh,
  onToggleLog,
  onEdit,
  onDelete,
  onRotate,
  onTest,
  onEnable,
  onLogRefreshed,
}: {
  endpoint: WebhookEndpoint
  api: WebhooksApi
  logOpen: boolean
  logRefresh: number
  onToggleLog: () => void
  onEdit: () => void
  onDelete: () => void
  onRotate: () => void
  onTest: () => void
  onEnable: (enabled: boolean) => void
  onLogRefreshed: () => void
}) {
  const state = endpointState(endpoint)
  const last = endpoint.lastDelivery
  return (
    <li className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-col gap-2 p-4">
        <div className="flex flex-wrap items-start gap-2">
          <div className="min-w-0 flex-1">
            <p className="truncate font-mono text-sm text-slate-900" title={endpoint.url}>
              {endpoint.url}
            </p>
            {endpoint.description ? <p className="truncate text-sm text-slate-600">{endpoint.description}</p> : null}
          </div>
          <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
        </div>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
          <dt className="text-slate-500">Events</dt>
          <dd className="text-slate-800" title={endpoint.events.map((type) => WEBHOOK_EVENT_LABELS[type]).join(', ')}>
            {eventsSummary(endpoint.events)}
          </dd>
          <dt className="text-slate-500">Last delivery</dt>
          <dd className="flex flex-wrap items-center gap-2 text-slate-800">
            {last === null ? (
              'None yet'
            ) : (
              <>
                <StatusBadge tone={deliveryTone(last.status, last.statusCode === null ? 0 : 1)}>{DELIVERY_STATUS_LABELS[last.status]}</StatusBadge>
                <span>{isWebhookEventType(last.eventType) ? WEBHOOK_EVENT_LABELS[last.eventType] : last.eventType}</span>
                <span className="text-slate-500">{new Date(last.at).toLocaleString()}</span>
                {last.statusCode !== null ? <span className="text-slate-500">HTTP {last.statusCode}</span> : null}
              </>
            )}
          </dd>
        </dl>
        {!endpoint.enabled ? (
          <div role="status" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">
            <p className="min-w-0 flex-1">{endpoint.disabledReason || 'Paused by an admin: events for it wait until it is re-enabled.'}</p>
            <Button size="sm" variant="primary" onClick={() => onEnable(true)}>
              Re-enable
            </Button>
          </div>
        ) : null}
        <div className="flex flex-wrap gap-1">
          <Button size="sm" variant="secondary" onClick={onToggleLog} aria-expanded={logOpen}>
            {logOpen ? 'Hide delivery log' : 'Delivery log'}
          </Button>
          <Button size="sm" variant="ghost" onClick={onTest} disabled={!endpoint.enabled}>
            Send test
          </Button>
          <Button size="sm" variant="ghost" onClick={onEdit}>
            Edit
          </Button>
          <Button size="sm" variant="ghost" onClick={onRotate}>
            Rotate secret
          </Button>
          {endpoint.enabled ? (
            <Button size="sm" variant="ghost" onClick={() => onEnable(false)}>
              Pause
            </Button>
          ) : null}
          <Button size="sm" variant="danger-ghost" onClick={onDelete} className="ml-auto">
            Delete
          </Button>
        </div>
      </div>
      {logOpen ? (
        <div className="border-t border-slate-100 p-4">
          <WebhookDeliveryLog api={api} endpointId={endpoint.id} refreshKey={logRefresh} onRefreshed={onLogRefreshed} />
        </div>
      ) : null}
    </li>
  )
}
