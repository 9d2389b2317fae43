import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type DuplicateMode, type ImportField, type ImportTarget } from '@core/import/importFields'
import { compileRowMapper, type ImportDraft } from '@core/import/mapImportRow'
import { ImportPlanner } from '@core/import/planImport'
import { LIFECYCLE_STAGE_LABELS } from '@core/schema'
import type { CsvPreview, CustomFieldShape } from './importPass'
import { newCustomFieldLabel } from './importSession'

export interface PreviewColumn {
  id: string
  label: string
  value: (draft: ImportDraft) => string
}

export type PreviewOutcome = 'created' | 'updated' | 'skipped' | 'failed'

export interface PreviewRow {
  rowNumber: number
  outcome: PreviewOutcome
  /** Why the row would not be imported. */
  reasons: string[]
  /** One cell per preview column: the value as it will be stored. */
  cells: string[]
}

/** The columns of the "as imported" preview: the contact fields mapped, then custom fields. */
export function previewColumns(mapping: readonly ImportTarget[], headers: readonly string[], customFields: readonly CustomFieldShape[]): PreviewColumn[] {
  const fields = new Set<ImportField>()
  for (const target of mapping) if (target.kind === 'field') fields.add(target.field)
  const columns: PreviewColumn[] = []
  for (const field of IMPORT_FIELDS) {
    if (field === 'fullName') continue
    const named = fields.has(field) || (fields.has('fullName') && (field === 'firstName' || field === 'lastName'))
    if (named) columns.push({ id: field, label: IMPORT_FIELD_LABELS[field], value: (draft) => draftFieldText(draft, field) })
  }
  mapping.forEach((target, column) => {
    if (target.kind === 'customField') {
      const label = customFields.find((definition) => definition.key === target.key)?.label ?? target.key
      columns.push({ id: `custom:${target.key}`, label, value: (draft) => String(draft.customFields[target.key] ?? '') })
    } else if (target.kind === 'newCustomField') {
      const key = newFieldKey(column)
      columns.push({ id: key, label: newCustomFieldLabel(headers, column), value: (draft) => String(draft.customFields[key] ?? '') })
    }
  })
  return columns
}

/**
 * The first rows as the import would treat them: mapped and validated by the same functions the
 * worker runs, and planned against the workspace's emails (and each other) in `mode`.
 */
export function previewRows(
  preview: CsvPreview,
  mapping: readonly ImportTarget[],
  customFields: readonly CustomFieldShape[],
  mode: DuplicateMode,
  existingContacts: ReadonlyMap<string, string>,
): { columns: PreviewColumn[]; rows: PreviewRow[] } {
  // Columns bound for a new custom field preview as text fields with a stand-in key.
  const stagedFields = [...customFields]
  const stagedMapping = mapping.map((target, column): ImportTarget => {
    if (target.kind !== 'newCustomField') return target
    stagedFields.push({ key: newFieldKey(column), label: newCustomFieldLabel(preview.headers, column), fieldType: 'text', options: [] })
    return { kind: 'customField', key: newFieldKey(column) }
  })
  const columns = previewColumns(mapping, preview.headers, customFields)
  const mapRow = compileRowMapper(preview.headers, stagedMapping, stagedFields)
  let next = 0
  const planner = new ImportPlanner({ mode, existingContacts, existingCompanies: new Map(), newId: () => `preview${next++}` })
  const rows = preview.rows.map((cells, index): PreviewRow => {
    const rowNumber = preview.rowNumbers[index] ?? index + 2
    const outcome = mapRow(cells)
    if (!outcome.ok) {
      return {
        rowNumber,
        outcome: 'failed',
        reasons: outcome.problems.map((problem) => (problem.column ? `${problem.column}: ${problem.reason}` : problem.reason)),
        cells: columns.map(() => ''),
      }
    }
    return { rowNumber, outcome: planner.add(outcome.draft), reasons: [], cells: columns.map((column) => column.value(outcome.draft)) }
  })
  return { columns, rows }
}

function newFieldKey(column: number): string {
  return `new${column}`
}

function draftFieldText(draft: ImportDraft, field: ImportField): string {
  switch (field) {
    case 'tags':
      return draft.tags.join(', ')
    case 'company':
      return draft.companyName ?? ''
    case 'lifecycleStage':
      return draft.lifecycleStage ? LIFECYCLE_STAGE_LABELS[draft.lifecycleStage] : ''
    case 'fullName':
      return [draft.firstName, draft.lastName].filter(Boolean).join(' ')
    default:
      return draft[field] ?? ''
  }
}
