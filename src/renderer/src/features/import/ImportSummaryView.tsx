import { errorReportCsv } from '@core/import/errorReport'
import { navigate } from '../../app/router'
import { Button } from '../../ui/Button'
import { downloadCsv } from '../analytics/downloadCsv'
import type { ImportSummary } from './importSession'

const SHOWN_FAILURES = 8

/** Summary line for screen readers and tests: "Import finished: 3 created, 1 updated, 0 skipped, 2 failed." */
export function summaryLine(summary: ImportSummary): string {
  const outcome = summary.error ? 'Import stopped' : summary.cancelled ? 'Import cancelled' : 'Import finished'
  return `${outcome}: ${summary.created.toLocaleString()} created, ${summary.updated.toLocaleString()} updated, ${summary.skipped.toLocaleString()} skipped, ${summary.failed.toLocaleString()} failed.`
}

export function errorReportName(fileName: string): string {
  return `${fileName.replace(/\.(csv|tsv|txt)$/i, '') || 'import'}-errors.csv`
}

/** After the import: counts, what else was created, the rows that failed and their report. */
export function ImportSummaryView({ summary, onAgain }: { summary: ImportSummary; onAgain: () => void }) {
  // A rate over a handful of rows says nothing.
  const rate = summary.rowsRead >= 1_000 && summary.seconds > 0 ? Math.round((summary.created + summary.updated) / summary.seconds) : 0
  const extras = [
    summary.companiesCreated > 0 ? `${summary.companiesCreated.toLocaleString()} new ${summary.companiesCreated === 1 ? 'company' : 'companies'}` : '',
    summary.customFieldsCreated > 0 ? `${summary.customFieldsCreated} new custom ${summary.customFieldsCreated === 1 ? 'field' : 'fields'}` : '',
  ].filter(Boolean)
  return (
    <section aria-labelledby="import-summary-heading" className="flex flex-col gap-6">
      <div>
        <h2 id="import-summary-heading" className="text-sm font-semibold text-slate-900">
          {summary.fileName}
        </h2>
        <p role="status" className="mt-1 text-sm text-slate-700">
          {summaryLine(summary)}
        </p>
        {summary.cancelled ? (
          <p className="mt-1 text-sm text-slate-600">Contacts written before you cancelled are kept; the rest of the file was not read.</p>
        ) : null}
        {summary.error ? (
          <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            The import stopped: {summary.error}. Batches written before this are kept.
          </p>
        ) : null}
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Created" value={summary.created} tone="text-emerald-700" />
        <Stat label="Updated" value={summary.updated} tone="text-sky-700" />
        <Stat label="Skipped" value={summary.skipped} tone="text-slate-700" />
        <Stat label="Failed" value={summary.failed} tone={summary.failed > 0 ? 'text-red-700' : 'text-slate-700'} />
      </dl>
      <p className="-mt-2 text-xs text-slate-500">
        {summary.rowsRead.toLocaleString()} rows read in {summary.seconds.toFixed(1)} s
        {rate > 0 ? ` (${rate.toLocaleString()} contacts/s)` : ''}
        {extras.length > 0 ? ` · also ${extras.join(' and ')}` : ''}.
        {summary.alreadyUpToDate > 0 ? ` ${summary.alreadyUpToDate.toLocaleString()} of the matched contacts already had these values.` : ''}
      </p>
      {summary.failures.length > 0 ? (
        <div className="flex flex-col gap-2">
          <div className="flex items-center justify-between gap-4">
            <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Rows not imported</h3>
            <Button size="sm" onClick={() => downloadCsv(errorReportName(summary.fileName), errorReportCsv(summary.headers, summary.failures))}>
              Download error report
            </Button>
          </div>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
            {[...summary.failures]
              .sort((a, b) => a.rowNumber - b.rowNumber)
              .slice(0, SHOWN_FAILURES)
              .map((failure) => (
                <li key={failure.rowNumber} className="flex gap-3 px-3 py-1.5">
                  <span className="w-16 shrink-0 text-slate-500 tabular-nums">Row {failure.rowNumber}</span>
                  <span className="text-slate-800">
                    {failure.problems.map((problem) => (problem.column ? `${problem.column}: ${problem.reason}` : problem.reason)).join('; ')}
                  </span>
                </li>
              ))}
          </ul>
          {summary.failures.length > SHOWN_FAILURES ? (
            <p className="text-xs text-slate-500">…and {(summary.failures.length - SHOWN_FAILURES).toLocaleString()} more in the error report.</p>
          ) : null}
        </div>
      ) : null}
      <div className="flex gap-2">
        <Button variant="primary" onClick={() => navigate({ name: 'contacts' })}>
          View contacts
        </Button>
        <Button onClick={onAgain}>Import another file</Button>
      </div>
    </section>
  )
}

function Stat({ label, value, tone }: { label: string; value: number; tone: string }) {
  return (
    <div className="rounded-lg border border-slate-200 px-4 py-3">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className={`mt-1 text-2xl font-semibold tabular-nums ${tone}`}>{value.toLocaleString()}</dd>
    </div>
  )
}
