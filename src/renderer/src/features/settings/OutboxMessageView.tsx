import { useEffect, useState } from 'react'
import type { OutboxMessage, SendingApi, SendingFailure } from './sendingApi'

/** One caught message: who, when, its headers (List-Unsubscribe etc.) and its HTML in a sandbox, or its text. */
export function OutboxMessageView({ id, api }: { id: string; api: SendingApi }) {
  const [message, setMessage] = useState<OutboxMessage | null>(null)
  const [failure, setFailure] = useState<SendingFailure | null>(null)
  const [tab, setTab] = useState<'html' | 'text'>('html')

  useEffect(() => {
    let current = true
    void api.getOutboxMessage(id).then((answer) => {
      if (!current) return
      if (answer.ok) {
        setMessage(answer.value.message)
        if (answer.value.message.html === null) setTab('text')
      } else setFailure(answer.error)
    })
    return () => {
      current = false
    }
  }, [api, id])

  if (failure) {
    return (
      <p role="alert" className="p-6 text-sm text-red-700">
        {failure.kind === 'http' && failure.status === 404 ? 'This message is gone (the outbox was cleared or it aged out).' : failure.message}
      </p>
    )
  }
  if (!message) return <p className="p-6 text-sm text-slate-500">Opening…</p>

  return (
    <article aria-label={message.subject || '(no subject)'} className="flex h-full flex-col">
      <header className="flex flex-col gap-1 border-b border-slate-200 px-4 py-3">
        <h3 className="text-sm font-semibold text-slate-900">{message.subject || '(no subject)'}</h3>
        <dl className="grid grid-cols-[3rem_1fr] gap-x-2 text-xs text-slate-600">
          <dt className="text-slate-500">From</dt>
          <dd className="truncate">{message.from}</dd>
          <dt className="text-slate-500">To</dt>
          <dd className="truncate">{message.to}</dd>
          <dt className="text-slate-500">Date</dt>
          <dd>{new Date(message.receivedAt).toLocaleString()}</dd>
        </dl>
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-600 select-none">Headers ({message.headers.length})</summary>
          <table className="mt-2 w-full table-fixed text-left">
            <tbody>
              {message.headers.map(([name, value], index) => (
                <tr key={`${name}-${index}`} className="align-top">
                  <th scope="row" className="w-48 py-0.5 pr-2 font-mono font-normal text-slate-500">
                    {name}
                  </th>
                  <td className="py-0.5 font-mono break-all text-slate-800">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </header>
      <div role="tablist" aria-label="Message body" className="flex gap-1 border-b border-slate-200 px-4">
        {(['html', 'text'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            onClick={() => setTab(name)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') setTab(name === 'html' ? 'text' : 'html')
            }}
            className={`-mb-px border-b-2 px-2 py-1.5 text-xs font-medium ${tab === name ? 'border-accent-600 text-slate-900' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
          >
            {name === 'html' ? 'HTML' : 'Text'}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="min-h-0 flex-1">
        {tab === 'html' ? (
          message.html === null ? (
            <p className="p-4 text-sm text-slate-500">This message has no HTML part.</p>
          ) : (
            // sandbox="" : no scripts, no forms, no navigation, no same-origin access to the app.
            <iframe title="Message HTML" sandbox="" srcDoc={message.html} referrerPolicy="no-referrer" className="h-[28rem] w-full bg-white" />
          )
        ) : (
          <pre className="h-[28rem] overflow-auto p-4 font-mono text-xs whitespace-pre-wrap text-slate-800">{message.text ?? 'This message has no text part.'}</pre>
        )}
      </div>
    </article>
  )
}
