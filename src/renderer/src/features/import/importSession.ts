import type { RowFailure } from '@core/import/errorReport'
import { sameTarget, type DuplicateMode, type ImportTarget } from '@core/import/importFields'
import { matchHeaders } from '@core/import/matchHeaders'
import { companyKey } from '@core/import/planImport'
import type { CustomFieldDefinition, Setting } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDocs } from '../../data/syncedWrites'
import { deriveCustomFieldKey } from '../settings/customFieldInput'
import type { CsvPreview } from './importPass'
import type { ImportWorkerMessage, ImportWorkerRequest, StartOptions } from './importProtocol'
import { BatchSizer, watchLongTasks } from './batchSizer'
import { writeImportBatch } from './writeImportBatch'

/** Contacts in the first batch; BatchSizer tunes the size from there (bench/import.mjs measures). */
export const FIRST_BATCH_SIZE = 500

export interface ImportCounts {
  created: number
  updated: number
  skipped: number
  failed: number
}

export interface ImportSummary extends ImportCounts {
  fileName: string
  rowsRead: number
  companiesCreated: number
  /** Existing contacts a row matched whose stored values already were the file's. */
  alreadyUpToDate: number
  customFieldsCreated: number
  /** The user stopped it: batches written before stay. */
  cancelled: boolean
  /** Why it stopped early, if it broke (a storage error); batches written before stay. */
  error: string | null
  seconds: number
  headers: string[]
  failures: RowFailure[]
}

export type ImportState =
  /** `last` is the previous import's summary, still there to look at again. */
  | { step: 'pick'; error: string | null; last: ImportSummary | null }
  | { step: 'reading'; fileName: string }
  | { step: 'map'; file: Blob; fileName: string; preview: CsvPreview; mapping: ImportTarget[]; mode: DuplicateMode; error: string | null }
  | { step: 'importing'; fileName: string; counts: ImportCounts; rowsRead: number; fraction: number; stopping: boolean }
  | { step: 'done'; summary: ImportSummary }

/** What the session needs of a Worker (tests pass one that runs the handler in process). */
export interface ImportWorkerPort {
  postMessage(message: ImportWorkerRequest): void
  onmessage: ((event: { data: ImportWorkerMessage }) => void) | null
  terminate(): void
}

type Unsubscribe = () => void

/**
 * One CSV import from file to summary, kept outside React so it goes on (and can be watched
 * again) when the user leaves the import screen. The worker parses, maps, validates and plans;
 * this side only writes the batches it is handed, one at a time, and acknowledges each so the
 * worker reads on.
 */
export class ImportSession {
  private state: ImportState = { step: 'pick', error: null, last: null }
  private lastSummary: ImportSummary | null = null
  private readonly listeners = new Set<() => void>()
  private worker: ImportWorkerPort | null = null
  private onFinish: (() => void) | null = null

  constructor(private readonly createWorker: () => ImportWorkerPort) {}

  subscribe = (listener: () => void): Unsubscribe => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = (): ImportState => this.state

  /** Reads the header and first rows in the worker and proposes a mapping. */
  chooseFile(file: Blob & { name?: string }, customFields: readonly CustomFieldDefinition[]): void {
    if (this.state.step === 'importing') return
    const fileName = file.name ?? 'import.csv'
    this.stopWorker()
    this.set({ step: 'reading', fileName })
    const worker = this.startWorker()
    worker.onmessage = ({ data }) => {
      if (this.worker !== worker) return
      this.stopWorker()
      if (data.type === 'failed') return this.set({ step: 'pick', error: `${fileName} could not be read: ${data.message}`, last: this.lastSummary })
      if (data.type !== 'preview') return
      if (!data.preview || data.preview.headers.length === 0) {
        return this.set({ step: 'pick', error: `${fileName} is empty: there is no header row to import from.`, last: this.lastSummary })
      }
      this.set({
        step: 'map',
        file,
        fileName,
        preview: data.preview,
        mapping: matchHeaders(data.preview.headers, customFields),
        mode: 'update',
        error: data.preview.rows.length === 0 ? `${fileName} has a header row but no rows below it.` : null,
      })
    }
    worker.postMessage({ type: 'preview', file })
  }

  /** Gives `column` to `target`; a field another column had goes back to that column being ignored. */
  setTarget(column: number, target: ImportTarget): void {
    if (this.state.step !== 'map') return
    const mapping = this.state.mapping.map((current, index) =>
      index === column ? target : sameTarget(current, target) ? ({ kind: 'ignore' } as const) : current,
    )
    this.set({ ...this.state, mapping, error: null })
  }

  setMode(mode: DuplicateMode): void {
    if (this.state.step === 'map') this.set({ ...this.state, mode })
  }

  /** Back to choosing a file (not while importing: cancel first). */
  reset(): void {
    if (this.state.step === 'importing') return
    this.stopWorker()
    this.set({ step: 'pick', error: null, last: this.lastSummary })
  }

  /** The previous import's summary again (its error report too). */
  showLast(): void {
    if (this.state.step === 'pick' && this.lastSummary) this.set({ step: 'done', summary: this.lastSummary })
  }

  /** Stops after the batch being written; what was written stays. */
  cancel(): void {
    if (this.state.step !== 'importing' || this.state.stopping) return
    this.worker?.postMessage({ type: 'stop' })
    this.set({ ...this.state, stopping: true })
  }

  async start(data: OutpostData, customFields: readonly CustomFieldDefinition[]): Promise<void> {
    const state = this.state
    if (state.step !== 'map') return
    if (!state.mapping.some((target) => target.kind === 'field' && target.field === 'email')) {
      this.set({ ...state, error: 'Choose the column that holds email addresses: contacts are matched by email.' })
      return
    }
    const started = performance.now()
    const { preview, fileName, mode } = state
    const counts: ImportCounts = { created: 0, updated: 0, skipped: 0, failed: 0 }
    const summary: ImportSummary = {
      fileName,
      rowsRead: 0,
      companiesCreated: 0,
      alreadyUpToDate: 0,
      customFieldsCreated: 0,
      cancelled: false,
      error: null,
      seconds: 0,
      headers: preview.headers,
      failures: [],
      ...counts,
    }
    this.set({ step: 'importing', fileName, counts: { ...counts }, rowsRead: 0, fraction: 0, stopping: false })

    let definitions: CustomFieldDefinition[]
    let mapping: ImportTarget[]
    try {
      ;({ definitions, mapping } = await createNewCustomFields(data, state.mapping, preview.headers, customFields))
      summary.customFieldsCreated = definitions.length - customFields.length
      // Existing contacts are matched by email: wait until the index has read them all.
      await whenLoaded(data)
    } catch (error) {
      this.finish(summary, started, counts, { error: errorMessage(error) })
      return
    }

    const options: StartOptions = {
      format: preview.format,
      headers: preview.headers,
      mapping,
      customFields: definitions.map(({ key, label, fieldType, options }) => ({ key, label, fieldType, options })),
      mode,
      existingContacts: existingContactEmails(data),
      existingCompanies: data.contacts.companies().map(({ id, name }) => [companyKey(name), id] as [string, string]).reverse(),
      batchSize: FIRST_BATCH_SIZE,
    }
    const sizer = new BatchSizer(FIRST_BATCH_SIZE)
    performance.clearMeasures('outpost:import-batch')
    const longTasks = watchLongTasks()

    const worker = this.startWorker()
    let queue = Promise.resolve()
    const handle = async (message: ImportWorkerMessage): Promise<void> => {
      if (this.worker !== worker) return
      const current = this.state
      if (current.step !== 'importing') return
      if (message.type === 'failed') return this.finish(summary, started, counts, { error: message.message })
      if (message.type === 'done') {
        if (!current.stopping) summary.rowsRead = message.rowsRead
        return this.finish(summary, started, counts, { cancelled: current.stopping })
      }
      if (message.type !== 'batch') return
      // Cancelled: this batch is dropped whole; the ones before it are stored.
      if (current.stopping) return this.finish(summary, started, counts, { cancelled: true })
      const writeStarted = performance.now()
      try {
        const written = await writeImportBatch(data.db, message.batch, mode)
        summary.companiesCreated += written.companiesCreated
        summary.alreadyUpToDate += written.updatesUnchanged
        counts.created += message.batch.counts.created
        counts.updated += message.batch.counts.updated - written.updatesMissing
        counts.skipped += message.batch.counts.skipped + written.updatesMissing
      } catch (error) {
        return this.finish(summary, started, counts, { error: errorMessage(error) })
      }
      counts.failed += message.failures.length
      summary.failures.push(...message.failures)
      summary.rowsRead = message.rowsRead
      const after = this.state
      if (after.step !== 'importing') return
      if (after.stopping) return this.finish(summary, started, counts, { cancelled: true })
      this.set({ ...after, counts: { ...counts }, rowsRead: message.rowsRead, fraction: message.bytesRead / Math.max(1, state.file.size) })
      const written = message.batch.creates.length + message.batch.updates.length
      const batchSize = sizer.next(longTasks.takeLongest(), written)
      // Visible in DevTools' timeline and read by bench/import.mjs.
      performance.measure('outpost:import-batch', {
        start: writeStarted,
        detail: { contacts: written, nextBatchSize: batchSize },
      })
      worker.postMessage({ type: 'ack', batchSize })
    }
    worker.onmessage = ({ data: message }) => {
      queue = queue.then(() => handle(message))
    }
    this.onFinish = () => longTasks.stop()
    worker.postMessage({ type: 'start', file: state.file, options })
  }

  private finish(summary: ImportSummary, started: number, counts: ImportCounts, outcome: { cancelled?: boolean; error?: string }): void {
    this.stopWorker()
    this.onFinish?.()
    this.onFinish = null
    const finished = { ...summary, ...counts, cancelled: outcome.cancelled ?? false, error: outcome.error ?? null, seconds: (performance.now() - started) / 1000 }
    this.lastSummary = finished
    this.set({ step: 'done', summary: finished })
  }

  private startWorker(): ImportWorkerPort {
    const worker = this.createWorker()
    this.worker = worker
    return worker
  }

  private stopWorker(): void {
    this.worker?.terminate()
    this.worker = null
  }

  private set(state: ImportState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }
}

/** Columns mapped to a new custom field become text fields named after their header. */
async function createNewCustomFields(
  data: OutpostData,
  mapping: readonly ImportTarget[],
  headers: readonly string[],
  existing: readonly CustomFieldDefinition[],
): Promise<{ definitions: CustomFieldDefinition[]; mapping: ImportTarget[] }> {
  const usedKeys = new Set(existing.map((definition) => definition.key))
  let position = Math.max(-1, ...existing.map((definition) => definition.position)) + 1
  const fresh: Omit<CustomFieldDefinition, 'id' | 'createdAt' | 'updatedAt' | '_clock'>[] = []
  const resolved = mapping.map((target, column): ImportTarget => {
    if (target.kind !== 'newCustomField') return target
    const label = newCustomFieldLabel(headers, column)
    const key = uniqueKey(deriveCustomFieldKey(label) || `column${column + 1}`, usedKeys)
    usedKeys.add(key)
    fresh.push({ kind: 'customField', key, label, fieldType: 'text', options: [], position: position++ })
    return { kind: 'customField', key }
  })
  const created = fresh.length > 0 ? ((await insertSyncedDocs<Setting>(data.db.settings, fresh)) as CustomFieldDefinition[]) : []
  return { definitions: [...existing, ...created], mapping: resolved }
}

export function newCustomFieldLabel(headers: readonly string[], column: number): string {
  return (headers[column]?.trim() || `Column ${column + 1}`).slice(0, 80)
}

function uniqueKey(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base.slice(0, 40 - String(suffix).length)}${suffix}`
    if (!used.has(candidate)) return candidate
  }
}

/** Email → id of the contact holding it (of two sharing an email, the older one), as StartOptions carries it. */
function existingContactEmails(data: OutpostData): StartOptions['existingContacts'] {
  const byEmail = new Map<string, string>()
  for (const contact of data.contacts.all()) {
    // The form never stores a newline in an email, but synced data is only checked against the schema.
    if (!contact.email || contact.email.includes('\n')) continue
    const held = byEmail.get(contact.email)
    if (held === undefined || contact.id < held) byEmail.set(contact.email, contact.id)
  }
  return { emails: [...byEmail.keys()].join('\n'), ids: [...byEmail.values()].join('\n') }
}

function whenLoaded(data: OutpostData): Promise<void> {
  if (!data.contacts.loading) return Promise.resolve()
  return new Promise((resolve) => {
    const unsubscribe = data.contacts.subscribe(() => {
      if (data.contacts.loading) return
      unsubscribe()
      resolve()
    })
  })
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
