import { useMemo } from 'react'
import { DUPLICATE_MODE_LABELS, DUPLICATE_MODES, IMPORT_FIELD_LABELS, IMPORT_FIELDS, type DuplicateMode, type ImportTarget } from '@core/import/importFields'
import type { CustomFieldDefinition } from '@core/schema'
import { Button } from '../../ui/Button'
import { inputClass } from '../../ui/Field'
import type { CsvPreview } from './importPass'
import { previewRows, type PreviewOutcome } from './importPreview'

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma-separated', ';': 'semicolon-separated', '\t': 'tab-separated' }
const ENCODING_NAMES: Record<string, string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16', 'utf-16be': 'UTF-16', 'windows-1252': 'Windows-1252' }

export interface MappingStepProps {
  fileName: string
  preview: CsvPreview
  mapping: readonly ImportTarget[]
  mode: DuplicateMode
  error: string | null
  customFields: readonly CustomFieldDefinition[]
  existingContacts: ReadonlyMap<string, string>
  onTarget: (column: number, target: ImportTarget) => void
  onMode: (mode: DuplicateMode) => void
  onStart: () => void
  onBack: () => void
}

/** Where each column goes, what to do with known emails, and the first rows as they will be imported. */
export function MappingStep(props: MappingStepProps) {
  const { fileName, preview, mapping, mode, error, customFields, existingContacts } = props
  const planned = useMemo(() => previewRows(preview, mapping, customFields, mode, existingContacts), [preview, mapping, customFields, mode, existingContacts])
  const emailMapped = mapping.some((target) => target.kind === 'field' && target.field === 'email')
  const mappedCount = mapping.filter((target) => target.kind !== 'ignore').length

  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-slate-900">Map columns</h2>
          <p className="mt-1 truncate text-sm text-slate-600">
            <span className="font-medium text-slate-800">{fileName}</span> · {preview.headers.length} columns,{' '}
            {DELIMITER_NAMES[preview.format.delimiter] ?? 'delimited'}, {ENCODING_NAMES[preview.format.encoding] ?? preview.format.encoding} ·{' '}
            {mappedCount} to import
          </p>
        </div>
        <div className="flex shrink-0 gap-2">
          <Button onClick={props.onBack}>Choose another file</Button>
          <Button variant="primary" onClick={props.onStart} disabled={!emailMapped || preview.rows.length === 0}>
            Start import
          </Button>
        </div>
      </div>
      {error || !emailMapped ? (
        <p role="alert" className="-mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {error ?? 'Choose the column that holds email addresses: contacts are matched by email.'}
        </p>
      ) : null}

      <section aria-labelledby="mapping-heading" className="flex flex-col gap-2">
        <h3 id="mapping-heading" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Columns
        </h3>
        <div className="overflow-hidden rounded-lg border border-slate-200">
          <table className="w-full table-fixed text-sm" aria-label="Column mapping">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th scope="col" className="w-1/4 px-3 py-2 font-medium">Column in file</th>
                <th scope="col" className="px-3 py-2 font-medium">Examples</th>
                <th scope="col" className="w-72 px-3 py-2 font-medium">Import as</th>
              </tr>
            </thead>
            <tbody>
              {preview.headers.map((header, column) => (
                <MappingRow
                  key={column}
                  header={header || `Column ${column + 1}`}
                  examples={examplesOf(preview.rows, column)}
                  target={mapping[column] ?? { kind: 'ignore' }}
                  customFields={customFields}
                  onChange={(target) => props.onTarget(column, target)}
                />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">When the email is already in Outpost or earlier in the file</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {DUPLICATE_MODES.map((option) => (
            <label
              key={option}
              className={`flex cursor-pointer gap-2.5 rounded-lg border px-3 py-2.5 text-sm ${
                mode === option ? 'border-accent-500 bg-accent-50' : 'border-slate-200 hover:bg-slate-50'
              }`}
            >
              <input type="radio" name="duplicate-mode" value={option} checked={mode === option} onChange={() => props.onMode(option)} className="mt-0.5" />
              <span>
                <span className="block font-medium text-slate-900">{DUPLICATE_MODE_LABELS[option].label}</span>
                <span className="block text-xs text-slate-600">{DUPLICATE_MODE_LABELS[option].detail}</span>
              </span>
            </label>
          ))}
        </div>
        <p className="text-xs text-slate-500">Empty cells never clear a value. Companies are linked by name, and created when new.</p>
      </fieldset>

      <section aria-labelledby="preview-heading" className="flex flex-col gap-2">
        <h3 id="preview-heading" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Preview · first {planned.rows.length} rows as they will be imported
        </h3>
        <div className="overflow-x-auto rounded-lg border border-slate-200">
          <table className="w-full text-sm" aria-label="Import preview">
            <thead className="bg-slate-50 text-left text-xs whitespace-nowrap text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Row</th>
                <th scope="col" className="px-3 py-2 font-medium">Result</th>
                {planned.columns.map((column) => (
                  <th key={column.id} scope="col" className="px-3 py-2 font-medium">
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {planned.rows.map((row) => (
                <tr key={row.rowNumber} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-1.5 text-slate-500 tabular-nums">{row.rowNumber}</td>
                  <td className="px-3 py-1.5 whitespace-nowrap">
                    <OutcomeBadge outcome={row.outcome} />
                  </td>
                  {row.outcome === 'failed' ? (
                    <td colSpan={Math.max(1, planned.columns.length)} className="px-3 py-1.5 text-red-700">
                      {row.reasons.join('; ')}
                    </td>
                  ) : (
                    row.cells.map((cell, index) => (
                      <td key={planned.columns[index]?.id ?? index} className="max-w-56 truncate px-3 py-1.5 text-slate-800" title={cell}>
                        {cell}
                      </td>
                    ))
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  )
}

const OUTCOME_STYLES: Record<PreviewOutcome, { label: string; className: string }> = {
  created: { label: 'New contact', className: 'bg-emerald-50 text-emerald-700' },
  updated: { label: 'Updates contact', className: 'bg-sky-50 text-sky-700' },
  skipped: { label: 'Skipped', className: 'bg-slate-100 text-slate-600' },
  failed: { label: 'Not imported', className: 'bg-red-50 text-red-700' },
}

function OutcomeBadge({ outcome }: { outcome: PreviewOutcome }) {
  const style = OUTCOME_STYLES[outcome]
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${style.className}`}>{style.label}</span>
}

function MappingRow({
  header,
  examples,
  target,
  customFields,
  onChange,
}: {
  header: string
  examples: string
  target: ImportTarget
  customFields: readonly CustomFieldDefinition[]
  onChange: (target: ImportTarget) => void
}) {
  return (
    <tr className="border-t border-slate-100">
      <th scope="row" className="truncate px-3 py-2 text-left font-medium text-slate-900" title={header}>
        {header}
      </th>
      <td className="truncate px-3 py-2 text-slate-500" title={examples}>
        {examples || <span className="italic">empty</span>}
      </td>
      <td className="px-3 py-1.5">
        <select
          aria-label={`Import “${header}” as`}
          value={targetValue(target)}
          onChange={(event) => onChange(parseTargetValue(event.target.value))}
          className={`${inputClass} ${target.kind === 'ignore' ? 'text-slate-500' : ''}`}
        >
          <option value="ignore">Don’t import</option>
          <optgroup label="Contact fields">
            {IMPORT_FIELDS.map((field) => (
              <option key={field} value={`field:${field}`}>
                {IMPORT_FIELD_LABELS[field]}
              </option>
            ))}
          </optgroup>
          {customFields.length > 0 ? (
            <optgroup label="Custom fields">
              {customFields.map((definition) => (
                <option key={definition.key} value={`custom:${definition.key}`}>
                  {definition.label}
                </option>
              ))}
            </optgroup>
          ) : null}
          <option value="new">New text field “{header.slice(0, 40)}”</option>
        </select>
      </td>
    </tr>
  )
}

function targetValue(target: ImportTarget): string {
  switch (target.kind) {
    case 'ignore':
      return 'ignore'
    case 'field':
      return `field:${target.field}`
    case 'customField':
      return `custom:${target.key}`
    case 'newCustomField':
      return 'new'
  }
}

function parseTargetValue(value: string): ImportTarget {
  if (value === 'new') return { kind: 'newCustomField' }
  if (value.startsWith('field:')) {
    const field = IMPORT_FIELDS.find((candidate) => `field:${candidate}` === value)
    if (field) return { kind: 'field', field }
  }
  if (value.startsWith('custom:')) return { kind: 'customField', key: value.slice('custom:'.length) }
  return { kind: 'ignore' }
}

function examplesOf(rows: readonly string[][], column: number): string {
  const values: string[] = []
  for (const row of rows) {
    const value = row[column]?.trim()
    if (value && !values.includes(value)) values.push(value.replace(/\s+/g, ' '))
    if (values.length === 3) break
  }
  return values.join(' · ')
}
