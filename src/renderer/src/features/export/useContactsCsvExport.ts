import { useCallback, useEffect, useRef, useState } from 'react'
import type { ContactCsvContext } from '@core/export/contactsCsv'
import type { CustomFieldDefinition, Segment } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import type { OutpostData } from '../../data/dataContext'
import { useData } from '../../data/dataContext'
import { useAuditRecorder } from '../privacy/auditRecorder'
import { buildContactsCsv } from './buildContactsCsv'
import { ExportCancelled } from './chunkedWork'
import { saveFile, UTF8_BOM } from './saveFile'

/** What to export: the contacts (ids, in file order) and how the audit log and the file name call it. */
export interface ContactsExportScope {
  /** Resolved when the export starts, so the file holds what the screen shows then. */
  ids: () => readonly string[]
  /** For the audit log: "all contacts", "segment: VIPs"… */
  subject: string
  fileName: string
}

export type CsvExportState =
  | { status: 'idle' }
  | { status: 'running'; done: number; total: number }
  | { status: 'failed'; message: string }

/** Custom fields in display order, company and static list names: what the CSV's columns need. */
export async function loadCsvContext(data: Pick<OutpostData, 'db' | 'contacts'>): Promise<ContactCsvContext> {
  const [settings, lists] = await Promise.all([
    data.db.settings.find({ selector: { kind: 'customField' } }).exec(),
    data.db.segments.find({ selector: { kind: 'static' } }).exec(),
  ])
  const customFields = settings
    .map((doc) => doc.toJSON() as CustomFieldDefinition)
    .sort((a, b) => a.position - b.position || a.label.localeCompare(b.label))
  const listNames = new Map(lists.map((doc) => [doc.id, (doc.toJSON() as Segment).name]))
  return { customFields, companyName: (id) => data.contacts.companyName(id), listName: (id) => listNames.get(id) ?? '' }
}

/** Runs a contacts CSV export with progress and cancel; saves the file, tells the audit log, says so in a toast. */
export function useContactsCsvExport(onDone?: () => void) {
  const data = useData()
  const dispatch = useAppDispatch()
  const recorder = useAuditRecorder(data)
  const [state, setState] = useState<CsvExportState>({ status: 'idle' })
  const controller = useRef<AbortController | null>(null)
  useEffect(() => () => controller.current?.abort(), [])

  const run = useCallback(
    async (scope: ContactsExportScope) => {
      controller.current?.abort()
      const abort = new AbortController()
      controller.current = abort
      const ids = scope.ids()
      setState({ status: 'running', done: 0, total: ids.length })
      try {
        const context = await loadCsvContext(data)
        const { parts, rows } = await buildContactsCsv(ids, (id) => data.contacts.get(id), context, {
          signal: abort.signal,
          onProgress: (done, total) => setState({ status: 'running', done, total }),
        })
        saveFile(scope.fileName, [UTF8_BOM, ...parts], 'text/csv;charset=utf-8')
        recorder.record({ kind: 'csv-export', subject: scope.subject, rowCount: rows })
        setState({ status: 'idle' })
        dispatch(toastShown({ message: `Exported ${rows.toLocaleString()} ${rows === 1 ? 'contact' : 'contacts'} to ${scope.fileName}` }))
        onDone?.()
      } catch (error) {
        if (error instanceof ExportCancelled) setState({ status: 'idle' })
        else setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) })
      } finally {
        if (controller.current === abort) controller.current = null
      }
    },
    [data, dispatch, recorder, onDone],
  )

  const cancel = useCallback(() => controller.current?.abort(), [])
  return { state, run, cancel }
}
