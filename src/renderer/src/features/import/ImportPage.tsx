import { useEffect, useMemo, useState, useSyncExternalStore, type DragEvent } from 'react'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion, useCustomFieldDefinitions } from '../../data/hooks'
import { FilePicker } from './FilePicker'
import { ImportProgressView } from './ImportProgressView'
import { ImportSession, type ImportWorkerPort } from './importSession'
import { ImportSummaryView, summaryLine } from './ImportSummaryView'
import { MappingStep } from './MappingStep'

// One session per window: an import keeps running while the user looks at other screens.
const appImportSession = new ImportSession(
  () => new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module', name: 'outpost-import' }) as unknown as ImportWorkerPort,
)

/** Contacts from a CSV file: pick or drop it, map its columns, import with progress, then the summary. */
export function ImportPage({ session = appImportSession }: { session?: ImportSession }) {
  const data = useData()
  const state = useSyncExternalStore(session.subscribe, session.getState)
  const customFields = useCustomFieldDefinitions()
  const [dragging, setDragging] = useState(false)

  // Coming back to this screen after an import starts a new one (the last summary stays a click away).
  useEffect(() => {
    if (session.getState().step === 'done') session.reset()
  }, [session])

  const version = useContactIndexVersion(data.contacts)
  const mapping = state.step === 'map'
  const existingContacts = useMemo(() => {
    void version
    const byEmail = new Map<string, string>()
    // Only the mapping screen's preview needs it; the import itself reads the index when it starts.
    if (mapping) for (const contact of data.contacts.all()) if (contact.email && !byEmail.has(contact.email)) byEmail.set(contact.email, contact.id)
    return byEmail
  }, [data.contacts, version, mapping])

  const acceptsFiles = state.step === 'pick' || state.step === 'map'
  const onDragOver = (event: DragEvent) => {
    if (!acceptsFiles || !event.dataTransfer.types.includes('Files')) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    setDragging(true)
  }
  const onDrop = (event: DragEvent) => {
    if (!acceptsFiles) return
    event.preventDefault()
    setDragging(false)
    const file = event.dataTransfer.files[0]
    if (file) session.chooseFile(file, customFields)
  }

  let body
  switch (state.step) {
    case 'pick':
      body = (
        <FilePicker
          onFile={(file) => session.chooseFile(file, customFields)}
          error={state.error}
          dragging={dragging}
          last={state.last ? { line: summaryLine(state.last), show: () => session.showLast() } : null}
        />
      )
      break
    case 'reading':
      body = (
        <p role="status" className="text-sm text-slate-600">
          Reading {state.fileName}…
        </p>
      )
      break
    case 'map':
      body = (
        <MappingStep
          fileName={state.fileName}
          preview={state.preview}
          mapping={state.mapping}
          mode={state.mode}
          error={state.error}
          customFields={customFields}
          existingContacts={existingContacts}
          onTarget={(column, target) => session.setTarget(column, target)}
          onMode={(mode) => session.setMode(mode)}
          onStart={() => void session.start(data, customFields)}
          onBack={() => session.reset()}
        />
      )
      break
    case 'importing':
      body = (
        <ImportProgressView
          fileName={state.fileName}
          fraction={state.fraction}
          rowsRead={state.rowsRead}
          counts={state.counts}
          stopping={state.stopping}
          onCancel={() => session.cancel()}
        />
      )
      break
    case 'done':
      body = <ImportSummaryView summary={state.summary} onAgain={() => session.reset()} />
      break
  }

  return (
    <div
      className="min-h-0 flex-1 overflow-y-auto"
      data-testid="import-drop-target"
      onDragOver={onDragOver}
      // Leaving for a child element is not leaving the page.
      onDragLeave={(event) => !event.currentTarget.contains(event.relatedTarget as Node | null) && setDragging(false)}
      onDrop={onDrop}
    >
      <header className="flex h-14 items-center border-b border-slate-200 px-6">
        <h1 className="text-base font-semibold text-slate-900">Import contacts</h1>
      </header>
      <div className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-8">{body}</div>
    </div>
  )
}
