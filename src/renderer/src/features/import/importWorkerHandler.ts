import { newId } from '@core/ids'
import type { ImportWorkerMessage, ImportWorkerRequest } from './importProtocol'
import { previewCsv, runImportPass } from './importPass'

/** Batches handed to the main thread and not yet written: one being written, one ready next. */
const MAX_UNWRITTEN_BATCHES = 2

/**
 * The import worker's message handling, apart from the worker global so tests can drive it in
 * process. Parsing, mapping, validation and planning all happen here; the main thread only writes.
 */
export function createImportWorkerHandler(post: (message: ImportWorkerMessage) => void): (request: ImportWorkerRequest) => void {
  let unwritten = 0
  let batchSize = 1
  let stopped = false
  let wakeUp: (() => void) | null = null
  const wake = () => {
    wakeUp?.()
    wakeUp = null
  }

  const fail = (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })

  return (request) => {
    switch (request.type) {
      case 'preview':
        previewCsv(request.file).then((preview) => post({ type: 'preview', preview }), fail)
        return
      case 'start': {
        const { existingContacts, existingCompanies, ...options } = request.options
        batchSize = options.batchSize
        runImportPass(
          request.file,
          {
            ...options,
            existingContacts: joinedEntries(existingContacts.emails, existingContacts.ids),
            existingCompanies: new Map(existingCompanies),
            newId: () => newId(),
            batchSize: () => batchSize,
          },
          async (batch) => {
            post({ type: 'batch', ...batch })
            unwritten++
            while (unwritten >= MAX_UNWRITTEN_BATCHES && !stopped) await new Promise<void>((resolve) => (wakeUp = resolve))
          },
          () => stopped,
        ).then(({ rowsRead }) => post({ type: 'done', rowsRead, stopped }), fail)
        return
      }
      case 'ack':
        unwritten = Math.max(0, unwritten - 1)
        batchSize = request.batchSize
        wake()
        return
      case 'stop':
        stopped = true
        wake()
        return
    }
  }
}

function joinedEntries(keys: string, values: string): Map<string, string> {
  const map = new Map<string, string>()
  if (!keys) return map
  const valueList = values.split('\n')
  keys.split('\n').forEach((key, index) => map.set(key, valueList[index] ?? ''))
  return map
}
