/// <reference lib="webworker" />
import type { ImportWorkerRequest } from './importProtocol'
import { createImportWorkerHandler } from './importWorkerHandler'

// The import's module worker: CSV parsing, mapping and validation off the UI thread.
const scope = self as unknown as DedicatedWorkerGlobalScope
const handle = createImportWorkerHandler((message) => scope.postMessage(message))
scope.onmessage = (event: MessageEvent<ImportWorkerRequest>) => handle(event.data)
