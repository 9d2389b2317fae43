import type { CsvSource } from './csvStream'
import type { ImportWorkerPort } from './importSession'
import { createImportWorkerHandler } from './importWorkerHandler'

/** Bytes as a CSV source for tests (jsdom's Blob cannot stream): its stream hands out `chunkSize`-byte pieces, so tests choose where chunks split. */
export function csvSource(content: string | Uint8Array, chunkSize: number): CsvSource {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
  return {
    size: bytes.length,
    slice: (start, end) => ({ arrayBuffer: async () => bytes.slice(start, end).buffer }),
    stream: () => {
      let offset = 0
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= bytes.length) return controller.close()
          controller.enqueue(bytes.slice(offset, offset + chunkSize))
          offset += chunkSize
        },
      })
    },
  }
}

/** A named CSV "file" for tests, as the file input hands it over. */
export function csvFile(name: string, content: string, chunkSize = 64): CsvSource & Blob & { name: string } {
  return { ...csvSource(content, chunkSize), name } as CsvSource & Blob & { name: string }
}

/** The import worker's handler run in this thread, its messages delivered on later tasks like a Worker's. */
export function inProcessWorker(): ImportWorkerPort & { terminated: boolean } {
  const port: ImportWorkerPort & { terminated: boolean } = {
    terminated: false,
    onmessage: null,
    postMessage: (request) => setTimeout(() => handle(request), 0),
    terminate: () => {
      port.terminated = true
    },
  }
  const handle = createImportWorkerHandler((message) => {
    // What crosses a real worker boundary is a copy.
    const copy = structuredClone(message)
    setTimeout(() => {
      if (!port.terminated) port.onmessage?.({ data: copy })
    }, 0)
  })
  return port
}
