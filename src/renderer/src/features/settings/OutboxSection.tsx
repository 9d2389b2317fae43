import { useCallback, useEffect, useMemo, useState } from 'react'
import { useAppSelector } from '../../app/store'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { createSendingApi, type OutboxSummary, type SendingFailure } from './sendingApi'
import { OutboxMessageView } from './OutboxMessageView'
import { useSendingSettings } from './useSendingSettings'

/** Settings → Outbox: the mail the sync server's test inbox caught for this workspace, newest first. */
export function OutboxSection() {
  const account = useAppSelector((state) => state.sync.account)
  return (
    <section id="outbox" aria-labelledby="outbox-heading" className="flex scroll-mt-4 flex-col gap-3">
      <div>
        <h2 id="outbox-heading" className="text-sm font-semibold text-slate-900">
          Outbox
        </h2>
        <p className="mt-0.5 text-sm text-slate-600">With no SMTP server set, the sync server keeps what it would have sent here (newest 1,000), so you can check campaigns without mailing anyone.</p>
      </div>
      {account ? <OutboxBrowser /> : <p className="text-sm text-slate-500">Sign in to a sync server (Settings → Sync) to see caught mail.</p>}
    </section>
  )
}

function OutboxBrowser() {
  const { sync } = useData()
  const sending = useSendingSettings()
  const api = useMemo(() => createSendingApi((request) => sync.requestWorkspace(request)), [sync])
  const [messages, setMessages] = useState<OutboxSummary[] | null>(null)
  const [failure, setFailure] = useState<SendingFailure | null>(null)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [refreshing, setRefreshing] = useState(false)
  const [confirmingClear, setConfirmingClear] = useState(false)

  const refresh = useCallback(async () => {
    setRefreshing(true)
    const answer = await api.listOutbox()
    setRefreshing(false)
    if (answer.ok) {
      setFailure(null)
      setMessages(answer.value.messages)
      setSelectedId((current) => (current !== null && answer.value.messages.some((message) => message.id === current) ? current : null))
    } else setFailure(answer.error)
  }, [api])
  useEffect(() => {
    void refresh()
  }, [refresh])

  const clear = async () => {
    setConfirmingClear(false)
    const answer = await api.clearOutbox()
    if (!answer.ok) {
      setFailure(answer.error)
      return
    }
    setSelectedId(null)
    await refresh()
  }

  const count = messages?.length ?? 0
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <Button size="sm" onClick={() => void refresh()} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </Button>
        {sending.canEdit ? (
          <Button size="sm" variant="danger-ghost" disabled={count === 0} onClick={() => setConfirmingClear(true)}>
            Clear outbox
          </Button>
        ) : null}
        {messages ? <span className="text-xs text-slate-500">{count === 1 ? '1 message' : `${count} messages`}</span> : null}
      </div>
      {failure ? (
        <p role="alert" className="text-sm text-red-700">
          {failure.kind === 'network' ? 'The sync server cannot be reached right now; caught mail shows when it can.' : failure.message}
        </p>
      ) : null}
      {messages === null ? null : messages.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
          {sending.mode === 'smtp'
            ? 'Nothing caught: this workspace sends through a real SMTP server, so mail goes to its recipients instead.'
            : 'Nothing caught yet. Send a test email from Sending above, or send a campaign: every message lands here instead of in an inbox.'}
        </p>
      ) : (
        <div className="grid min-h-[24rem] grid-cols-[minmax(14rem,18rem)_1fr] overflow-hidden rounded-lg border border-slate-200">
          <ul role="listbox" aria-label="Caught messages" className="max-h-[36rem] overflow-y-auto border-r border-slate-200">
            {messages.map((message) => (
              <li key={message.id} role="option" aria-selected={message.id === selectedId}>
                <button
                  type="button"
                  onClick={() => setSelectedId(message.id)}
                  className={`flex w-full flex-col items-start gap-0.5 border-b border-slate-100 px-3 py-2 text-left text-sm hover:bg-slate-50 focus:bg-slate-50 focus:outline-none ${message.id === selectedId ? 'bg-accent-50' : ''}`}
                >
                  <span className="w-full truncate font-medium text-slate-900">{message.subject || '(no subject)'}</span>
                  <span className="w-full truncate text-xs text-slate-600">To {message.to}</span>
                  <span className="text-xs text-slate-500">{new Date(message.receivedAt).toLocaleString()}</span>
                </button>
              </li>
            ))}
          </ul>
          <div className="min-w-0">
            {selectedId ? <OutboxMessageView key={selectedId} id={selectedId} api={api} /> : <p className="p-6 text-sm text-slate-500">Choose a message to see it as recipients would.</p>}
          </div>
        </div>
      )}
      <ConfirmDialog
        open={confirmingClear}
        title="Clear the outbox?"
        message={`The ${count === 1 ? 'caught message' : `${count} caught messages`} will be deleted from the sync server for everyone in this workspace.`}
        confirmLabel="Clear outbox"
        onConfirm={() => void clear()}
        onCancel={() => setConfirmingClear(false)}
      />
    </div>
  )
}
