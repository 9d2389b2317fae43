import { useMemo, useState } from 'react'
import type { Contact } from '@core/schema'
import { navigate } from '../../app/router'
import { useOnline } from '../../app/useOnline'
import { useAppDispatch, useAppSelector } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { contactDisplayName, pluralize } from '../contacts/contactDisplay'
import { useAuditRecorder } from './auditRecorder'
import { EraseContactDialog } from './EraseContactDialog'
import { eraseContact, eraseRoute } from './eraseContact'
import { exportContactData } from './exportContactData'
import { createPrivacyApi } from './privacyApi'

/** The contact page's privacy tools: export everything about the person, or erase them everywhere. */
export function ContactPrivacyCard({ contact }: { contact: Contact }) {
  const data = useData()
  const dispatch = useAppDispatch()
  const sync = useAppSelector((state) => state.sync)
  const online = useOnline()
  const recorder = useAuditRecorder(data)
  const api = useMemo(() => createPrivacyApi((request) => data.sync.requestWorkspace(request)), [data.sync])
  const [exporting, setExporting] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [erasing, setErasing] = useState(false)
  const [eraseError, setEraseError] = useState<string | null>(null)
  const route = eraseRoute(sync, online)
  const name = contactDisplayName(contact)

  const exportData = async () => {
    setExporting(true)
    try {
      const result = await exportContactData(data, contact, sync.account, api, recorder)
      dispatch(
        toastShown({
          message: result.serverHistory ? `Saved ${result.fileName}` : `Saved ${result.fileName}, without the server’s history (see the file)`,
        }),
      )
    } catch (error) {
      dispatch(toastShown({ message: `Could not export ${name}: ${error instanceof Error ? error.message : String(error)}`, tone: 'error' }))
    } finally {
      setExporting(false)
    }
  }

  const erase = async () => {
    if (route.kind === 'blocked') {
      setEraseError(route.reason)
      return
    }
    setErasing(true)
    setEraseError(null)
    try {
      const outcome = await eraseContact(data, api, contact.id, route.kind)
      if (!outcome.ok) {
        setEraseError(outcome.message)
        return
      }
      if (route.kind === 'local') recorder.record({ kind: 'contact-erase', subject: contact.id, rowCount: null })
      setConfirming(false)
      navigate({ name: 'contacts' })
      const removed = `${pluralize(outcome.activities, 'activity', 'activities')} and ${pluralize(outcome.events, 'engagement event')}`
      dispatch(toastShown({ message: outcome.serverHistory ? `Erased ${name} everywhere, with ${removed} and the server’s history` : `Erased ${name} on this device, with ${removed}` }))
    } catch (error) {
      setEraseError(error instanceof Error ? error.message : String(error))
    } finally {
      setErasing(false)
    }
  }

  return (
    <section aria-labelledby="contact-privacy-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="contact-privacy-heading" className="text-sm font-semibold text-slate-900">
        Personal data
      </h2>
      <p className="mt-1 text-xs text-slate-600">Export everything Outpost holds about this person, or erase it everywhere (GDPR requests).</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button size="sm" onClick={() => void exportData()} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export data'}
        </Button>
        <Button
          size="sm"
          variant="danger-ghost"
          onClick={() => {
            setEraseError(null)
            setConfirming(true)
          }}
          disabled={route.kind === 'blocked'}
          aria-describedby={route.kind === 'blocked' ? 'erase-blocked-reason' : undefined}
        >
          Erase contact…
        </Button>
      </div>
      {route.kind === 'blocked' ? (
        <p id="erase-blocked-reason" className="mt-2 text-xs text-slate-500">
          {route.reason}
        </p>
      ) : route.kind === 'local' ? (
        <p className="mt-2 text-xs text-slate-500">Local only: erasing removes the contact from this device; nothing was synced anywhere else.</p>
      ) : null}
      <EraseContactDialog
        open={confirming}
        contact={contact}
        localOnly={route.kind === 'local'}
        busy={erasing}
        error={eraseError}
        onConfirm={() => void erase()}
        onCancel={() => setConfirming(false)}
      />
    </section>
  )
}
