import { validateContactInput, type ContactFormValues } from '../contacts/contactInput'
import { unescapeCsvCell } from '../csv/csv'
import { COMPANY_LIMITS } from '../schema/companies'
import { LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES, type LifecycleStage } from '../schema/lifecycle'
import type { CustomFieldDefinition } from '../schema/settings'
import type { ImportField, ImportMapping } from './importFields'
import { normalizeHeader } from './matchHeaders'

/**
 * One valid row, ready to become a contact or to update one. Only values the file has are set:
 * an empty cell never clears what a contact already holds.
 */
export interface ImportDraft {
  /** Trimmed and lower-cased, like the contact form stores it. */
  email: string
  firstName?: string
  lastName?: string
  phone?: string
  title?: string
  lifecycleStage?: LifecycleStage
  /** Lower-cased, without repeats; empty when the file has none. */
  tags: string[]
  companyName?: string
  /** By custom field key, in their stored form (numbers as numbers, dates as YYYY-MM-DD). */
  customFields: Record<string, string | number>
}

export interface RowProblem {
  /** The header of the column at fault. */
  column: string
  reason: string
}

export type RowOutcome = { ok: true; draft: ImportDraft } | { ok: false; problems: RowProblem[] }

type CustomFieldShape = Pick<CustomFieldDefinition, 'key' | 'label' | 'fieldType' | 'options'>

const TAG_SEPARATORS = /[,;|]/
const STAGE_NAMES = new Map<string, LifecycleStage>([
  ...LIFECYCLE_STAGES.map((stage) => [normalizeHeader(stage), stage] as const),
  ...LIFECYCLE_STAGES.map((stage) => [normalizeHeader(LIFECYCLE_STAGE_LABELS[stage]), stage] as const),
  ['mql', 'marketingQualified'],
  ['marketingqualifiedlead', 'marketingQualified'],
  ['sql', 'salesQualified'],
  ['salesqualifiedlead', 'salesQualified'],
])
const STAGE_CHOICES = LIFECYCLE_STAGES.map((stage) => LIFECYCLE_STAGE_LABELS[stage]).join(', ')

/** "Marketing qualified", "marketingQualified", "MQL" → marketingQualified; null when unknown. */
export function parseLifecycleStage(text: string): LifecycleStage | null {
  return STAGE_NAMES.get(normalizeHeader(text)) ?? null
}

/** "Ada Lovelace" and "Lovelace, Ada" → Ada / Lovelace; a single word is a first name. */
export function splitFullName(name: string): { firstName: string; lastName: string } {
  const trimmed = name.trim().replace(/\s+/g, ' ')
  const comma = trimmed.indexOf(',')
  if (comma !== -1) return { firstName: trimmed.slice(comma + 1).trim(), lastName: trimmed.slice(0, comma).trim() }
  const space = trimmed.indexOf(' ')
  return space === -1 ? { firstName: trimmed, lastName: '' } : { firstName: trimmed.slice(0, space), lastName: trimmed.slice(space + 1) }
}

/** "a, b; c|d" → [a, b, c, d]; blanks dropped. */
export function splitTags(text: string): string[] {
  return text
    .split(TAG_SEPARATORS)
    .map((tag) => tag.trim())
    .filter(Boolean)
}

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '')
}

/**
 * Compiles the mapping once into a function from a row's cells to a draft or the row's problems.
 * Cells are trimmed and Outpost's formula escaping is undone first (unescapeCsvCell), so the
 * app's own CSV exports come back as they went out. Validation is the contact form's
 * (validateContactInput), so an imported contact is one the form would have accepted.
 */
export function compileRowMapper(
  headers: readonly string[],
  mapping: ImportMapping,
  customFields: readonly CustomFieldShape[],
): (cells: readonly string[]) => RowOutcome {
  const fieldColumn = new Map<ImportField, number>()
  const customColumns: { key: string; column: number; definition: CustomFieldShape }[] = []
  const definitions = new Map(customFields.map((definition) => [definition.key, definition]))
  mapping.forEach((target, column) => {
    if (target.kind === 'field' && !fieldColumn.has(target.field)) fieldColumn.set(target.field, column)
    if (target.kind === 'customField') {
      const definition = definitions.get(target.key)
      if (definition) customColumns.push({ key: target.key, column, definition })
    }
  })
  // A file spells its stages a handful of ways: each spelling is parsed once.
  const stages = new Map<string, LifecycleStage | null>()
  const stageOf = (text: string) => {
    let stage = stages.get(text)
    if (stage === undefined) {
      stage = parseLifecycleStage(text)
      stages.set(text, stage)
    }
    return stage
  }
  const header = (column: number | undefined) => (column === undefined ? '' : (headers[column] ?? `Column ${column + 1}`))
  const allDefinitions = customColumns.map(({ definition }) => definition as CustomFieldDefinition)
  const customByKey = new Map(customColumns.map((entry) => [entry.key, entry]))

  return (cells) => {
    const cell = (field: ImportField): string => {
      const column = fieldColumn.get(field)
      return column === undefined ? '' : unescapeCsvCell(cells[column] ?? '').trim()
    }
    const problems: RowProblem[] = []
    const email = cell('email')
    if (!email) problems.push({ column: header(fieldColumn.get('email')) || 'Email', reason: 'Email is missing' })

    let firstName = cell('firstName')
    let lastName = cell('lastName')
    let firstNameColumn = fieldColumn.get('firstName')
    let lastNameColumn = fieldColumn.get('lastName')
    const fullName = cell('fullName')
    if (fullName && (!firstName || !lastName)) {
      const split = splitFullName(fullName)
      if (!firstName && split.firstName) {
        firstName = split.firstName
        firstNameColumn = fieldColumn.get('fullName')
      }
      if (!lastName && split.lastName) {
        lastName = split.lastName
        lastNameColumn = fieldColumn.get('fullName')
      }
    }

    const stageText = cell('lifecycleStage')
    const lifecycleStage = stageText ? stageOf(stageText) : undefined
    if (lifecycleStage === null) {
      problems.push({ column: header(fieldColumn.get('lifecycleStage')), reason: `Unknown lifecycle stage "${stageText}" (use one of: ${STAGE_CHOICES})` })
    }

    const companyName = cell('company')
    if (companyName.length > COMPANY_LIMITS.name) {
      problems.push({ column: header(fieldColumn.get('company')), reason: `Company must be at most ${COMPANY_LIMITS.name} characters` })
    }

    const customValues: Record<string, string> = {}
    for (const { key, column, definition } of customColumns) {
      const text = unescapeCsvCell(cells[column] ?? '').trim()
      if (!text) continue
      // A select value matches its option whatever the case; it is stored as the option is spelled.
      customValues[key] = definition.fieldType === 'select' ? (definition.options.find((option) => option.toLowerCase() === text.toLowerCase()) ?? text) : text
    }

    const tagsText = cell('tags')
    const present = { firstName, lastName, phone: cell('phone'), title: cell('title') }
    const values: ContactFormValues = {
      ...present,
      email,
      tags: tagsText ? splitTags(tagsText) : [],
      lifecycleStage: lifecycleStage ?? 'lead',
      customFields: customValues,
    }
    const validated = validateContactInput(values, allDefinitions)
    if (!validated.ok) {
      const columnOf: Record<string, number | undefined> = {
        email: fieldColumn.get('email'),
        firstName: firstNameColumn,
        lastName: lastNameColumn,
        phone: fieldColumn.get('phone'),
        title: fieldColumn.get('title'),
        tags: fieldColumn.get('tags'),
        lifecycleStage: fieldColumn.get('lifecycleStage'),
      }
      for (const [field, message] of Object.entries(validated.error)) {
        // A missing email is already reported, in words that fit an import.
        if (field === 'email' && !email) continue
        const custom = field.startsWith('customFields.') ? customByKey.get(field.slice('customFields.'.length)) : undefined
        problems.push({ column: header(custom ? custom.column : columnOf[field]) || field, reason: message })
      }
    }
    if (problems.length > 0 || !validated.ok) return { ok: false, problems }

    const input = validated.value
    const draft: ImportDraft = { email: input.email, tags: input.tags, customFields: {} }
    if (present.firstName) draft.firstName = input.firstName
    if (present.lastName) draft.lastName = input.lastName
    if (present.phone) draft.phone = input.phone
    if (present.title) draft.title = input.title
    if (lifecycleStage) draft.lifecycleStage = lifecycleStage
    if (companyName) draft.companyName = companyName
    for (const [key, value] of Object.entries(input.customFields)) if (value !== null) draft.customFields[key] = value
    return { ok: true, draft }
  }
}
