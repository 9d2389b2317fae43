import type { CsvPreview, ImportPassOptions, PassBatch } from './importPass'

// Messages between the import screen (main thread) and the import worker.

export type ImportWorkerRequest =
  | { type: 'preview'; file: Blob }
  | { type: 'start'; file: Blob; options: StartOptions }
  /** The main thread has written a batch: the worker may read on, with batches of `batchSize`. */
  | { type: 'ack'; batchSize: number }
  | { type: 'stop' }

/** ImportPassOptions as they cross the thread boundary (maps as entry lists, ids made in the worker). */
export type StartOptions = Omit<ImportPassOptions, 'existingContacts' | 'existingCompanies' | 'newId' | 'batchSize'> & {
  batchSize: number
  /**
   * Normalized emails and the ids of their contacts, each list joined by newlines (neither can
   * hold one): two strings cross the thread boundary far faster than 100,000 small arrays.
   */
  existingContacts: { emails: string; ids: string }
  /** [companyKey(name), company id] */
  existingCompanies: [string, string][]
}

export type ImportWorkerMessage =
  | { type: 'preview'; preview: CsvPreview | null }
  | ({ type: 'batch' } & PassBatch)
  /** The last message of a pass: every batch has been posted (or the pass was stopped). */
  | { type: 'done'; rowsRead: number; stopped: boolean }
  | { type: 'failed'; message: string }
