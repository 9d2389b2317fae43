import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import { AUDIT_KIND_LABELS, type AuditReportEntry } from '@core/privacy/audit'
import { canPerform } from '@core/workspace/roles'
import { useAppSelector } from '../../app/store'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { contactDisplayName } from '../contacts/contactDisplay'
import { WorkspaceExportPanel } from '../export/WorkspaceExportPanel'
import { usePendingAuditEntries, useAuditRecorder } from './auditRecorder'
import { createPrivacyApi, type AuditLogEntry } from './privacyApi'

/** Settings → Privacy: exports, what erasing does, and the audit log (owners and admins). */
export function PrivacySection() {
  const data = useData()
  const account = useAppSelector((state) => state.sync.account)
  const recorder = useAuditRecorder(data)
  const pending = usePendingAuditEntries(recorder)
  const role = account?.workspaces.find((workspace) => workspace.id === account.workspaceId)?.role ?? null

  return (
    <section aria-labelledby="privacy-heading" className="flex flex-col gap-4">
      <div>
        <h2 id="privacy-heading" className="text-sm font-semibold text-slate-900">
          Privacy
        </h2>
        <p className="mt-0.5 text-sm text-slate-600">
          Exports of personal data and erasures are recorded in an audit log. To answer a person’s request, open their contact: <em>Export data</em>{' '}
          saves everything about them as JSON, <em>Erase contact</em> removes them.
        </p>
      </div>
      <WorkspaceExportPanel />
      <div className="rounded-lg border border-slate-200 p-4">
        <h3 className="text-sm font-medium text-slate-900">What erasing a contact does</h3>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-600">
          <li>The contact, its activities and engagement events are blanked and deleted on every device; an offline device that still has them cannot bring them back.</li>
          <li>The sync server anonymises its opens, clicks and send-queue rows (campaign totals stay right) and deletes caught mail to the address.</li>
          <li>An unsubscribed or bounced address is kept only as a one-way hash, so that person is never mailed again, even if re-imported.</li>
          <li>It needs a connection to the sync server, and only owners and admins can do it. A workspace that never synced is erased on this device only.</li>
        </ul>
      </div>
      <div className="flex flex-col gap-2">
        {account !== null && role !== null && canPerform(role, 'audit:read') ? (
          <AuditLog pending={pending.length > 0 ? <PendingEntries entries={pending} signedIn /> : null} />
        ) : (
          <>
            <h3 className="text-sm font-medium text-slate-900">Audit log</h3>
            {pending.length > 0 ? <PendingEntries entries={pending} signedIn={account !== null} /> : null}
            {account === null ? (
              pending.length === 0 ? (
                <p className="text-sm text-slate-500">Nothing recorded yet. Exports made here are kept on this device until you sign in to a sync server.</p>
              ) : null
            ) : (
              <p className="text-sm text-slate-500">Only owners and admins can read the audit log (your role: {role ?? 'unknown'}).</p>
            )}
          </>
        )}
      </div>
    </section>
  )
}

function PendingEntries({ entries, signedIn }: { entries: readonly AuditReportEntry[]; signedIn: boolean }) {
  return (
    <div className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <p>
        {entries.length === 1 ? '1 entry' : `${entries.length} entries`} recorded on this device {signedIn ? 'will be sent to the server once it can be reached' : 'will be sent when you sign in to a sync server'}:
      </p>
      <ul className="mt-1 list-disc pl-5 text-xs">
        {entries.slice(-5).map((entry) => (
          <li key={entry.id}>
            {new Date(entry.at).toLocaleString()}: {AUDIT_KIND_LABELS[entry.kind]} ({entry.subject}
            {entry.rowCount === null ? '' : `, ${entry.rowCount.toLocaleString()} rows`})
          </li>
        ))}
      </ul>
    </div>
  )
}

function AuditLog({ pending }: { pending: ReactNode }) {
  const data = useData()
  const api = useMemo(() => createPrivacyApi((request) => data.sync.requestWorkspace(request)), [data.sync])
  const [entries, setEntries] = useState<AuditLogEntry[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)

  const load = useCallback(
    async (before: string | null) => {
      setLoading(true)
      const answer = await api.auditLog(before)
      setLoading(false)
      if (!answer.ok) {
        setFailure(answer.error.kind === 'network' ? 'The sync server cannot be reached right now; the audit log shows when it can.' : answer.error.message)
        return
      }
      setFailure(null)
      setEntries((current) => (before === null ? answer.value.entries : [...(current ?? []), ...answer.value.entries]))
      setNext(answer.value.next)
    },
    [api],
  )
  useEffect(() => {
    void load(null)
  }, [load])

  /** What the entry is about: an export's scope, or a contact (by name while this device still has it). */
  const subjectOf = (entry: AuditLogEntry): ReactNode => {
    if (entry.kind !== 'contact-export' && entry.kind !== 'contact-erase') return entry.subject
    const contact = data.contacts.get(entry.subject)
    return (
      <>
        {contact ? contactDisplayName(contact) : entry.kind === 'contact-erase' ? 'Erased contact' : 'Contact'}
        <span className="block font-mono text-[11px] break-all text-slate-400">{entry.subject}</span>
      </>
    )
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium text-slate-900">Audit log</h3>
        <Button size="sm" onClick={() => void load(null)} disabled={loading}>
          {loading ? 'Loading…' : 'Refresh'}
        </Button>
      </div>
      {pending}
      {failure ? (
        <p role="alert" className="text-sm text-red-700">
          {failure}
        </p>
      ) : null}
      {entries === null ? null : entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">No exports or erasures yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit log, newest first</caption>
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">When</th>
                <th scope="col" className="px-3 py-2 font-medium">Who</th>
                <th scope="col" className="px-3 py-2 font-medium">What</th>
                <th scope="col" className="px-3 py-2 font-medium">Of</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Rows</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2 whitespace-nowrap text-slate-600 tabular-nums">{new Date(entry.at).toLocaleString()}</td>
                  <td className="max-w-[13rem] truncate px-3 py-2 text-slate-800" title={entry.actorEmail}>
                    {entry.actorEmail}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-800">
                    {AUDIT_KIND_LABELS[entry.kind]}
                    {entry.source === 'device' ? <span className="block text-xs text-slate-500">reported by a device</span> : null}
                  </td>
                  <td className="px-3 py-2 break-words text-slate-600">{subjectOf(entry)}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap text-slate-600 tabular-nums">{entry.rowCount === null ? '—' : entry.rowCount.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next !== null ? (
        <Button size="sm" className="self-start" onClick={() => void load(next)} disabled={loading}>
          Load more
        </Button>
      ) : null}
    </div>
  )
}
