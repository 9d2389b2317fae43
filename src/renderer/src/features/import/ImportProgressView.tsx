import { Button } from '../../ui/Button'
import type { ImportCounts } from './importSession'

/** While rows are written: how far through the file, what happened so far, and Cancel. */
export function ImportProgressView({
  fileName,
  fraction,
  rowsRead,
  counts,
  stopping,
  onCancel,
}: {
  fileName: string
  fraction: number
  rowsRead: number
  counts: ImportCounts
  stopping: boolean
  onCancel: () => void
}) {
  const percent = Math.min(100, Math.floor(fraction * 100))
  return (
    <section aria-labelledby="import-progress-heading" className="flex flex-col gap-4">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <h2 id="import-progress-heading" className="text-sm font-semibold text-slate-900">
            Importing {fileName}
          </h2>
          <p className="mt-1 text-sm text-slate-600">You can keep working meanwhile; the import goes on in the background.</p>
        </div>
        <Button onClick={onCancel} disabled={stopping}>
          {stopping ? 'Stopping…' : 'Cancel import'}
        </Button>
      </div>
      <div className="flex flex-col gap-1.5">
        <div
          role="progressbar"
          aria-label="Import progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}% · ${rowsRead.toLocaleString()} rows`}
          className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div className="h-full rounded-full bg-accent-600 transition-[width]" style={{ width: `${percent}%` }} />
        </div>
        <p className="text-xs text-slate-600 tabular-nums" aria-live="polite">
          {percent}% · {rowsRead.toLocaleString()} rows read: {counts.created.toLocaleString()} created, {counts.updated.toLocaleString()} updated,{' '}
          {counts.skipped.toLocaleString()} skipped, {counts.failed.toLocaleString()} failed
        </p>
      </div>
      <p className="text-xs text-slate-500">
        Cancel stops after the batch being written. Contacts imported up to then stay: each batch of a few hundred contacts is saved whole or not at all.
      </p>
    </section>
  )
}
