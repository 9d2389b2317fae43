import { useRef } from 'react'
import { Button } from '../../ui/Button'

export const CSV_ACCEPT = '.csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values'

/** The first step: a file input (the native dialog, in Electron too) and a place to drop a file. */
export function FilePicker({
  onFile,
  error,
  dragging,
  last,
}: {
  onFile: (file: File) => void
  error: string | null
  dragging: boolean
  /** The previous import's summary line, and a way back to it. */
  last: { line: string; show: () => void } | null
}) {
  const input = useRef<HTMLInputElement>(null)
  return (
    <div className="flex flex-col gap-4">
      <div
        className={`flex flex-col items-center gap-3 rounded-xl border-2 border-dashed px-6 py-14 text-center transition-colors ${
          dragging ? 'border-accent-500 bg-accent-50' : 'border-slate-300 bg-slate-50/60'
        }`}
      >
        <UploadIcon />
        <div>
          <p className="text-sm font-medium text-slate-900">Drop a CSV file here</p>
          <p className="mt-1 text-sm text-slate-500">or</p>
        </div>
        <Button variant="primary" onClick={() => input.current?.click()}>
          Choose a CSV file
        </Button>
        <input
          ref={input}
          type="file"
          accept={CSV_ACCEPT}
          aria-label="CSV file"
          className="hidden"
          onChange={(event) => {
            const file = event.target.files?.[0]
            // Cleared so choosing the same file again (after fixing it) still fires a change.
            event.target.value = ''
            if (file) onFile(file)
          }}
        />
        <p className="max-w-md text-xs text-slate-500">
          One contact per row with a header row on top. Commas, semicolons or tabs; UTF-8 (with or without a byte-order mark) or
          Windows-1252. Rows are matched to existing contacts by email.
        </p>
      </div>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {last ? (
        <p className="text-sm text-slate-600">
          Last import: {last.line}{' '}
          <button type="button" className="font-medium text-accent-700 underline" onClick={last.show}>
            Show summary
          </button>
        </p>
      ) : null}
    </div>
  )
}

function UploadIcon() {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="h-8 w-8 text-slate-400" fill="none" stroke="currentColor" strokeWidth="1.5">
      <path d="M12 15V4m0 0-4 4m4-4 4 4" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" strokeLinecap="round" />
    </svg>
  )
}
