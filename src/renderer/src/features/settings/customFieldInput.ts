import { err, ok, type Result } from '@core/result'
import { CUSTOM_FIELD_KEY_PATTERN, CUSTOM_FIELD_TYPES, type CustomFieldDefinition, type CustomFieldType } from '@core/schema'

// Pure (no React, no storage), like the contact input rules in src/core/contacts.

export const CUSTOM_FIELD_TYPE_LABELS: Record<CustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  select: 'Single select',
}

const LABEL_MAX = 80
const KEY_MAX = 40
const OPTION_MAX = 80
const OPTIONS_MAX = 100
const keyPattern = new RegExp(CUSTOM_FIELD_KEY_PATTERN)

export interface CustomFieldFormValues {
  label: string
  key: string
  fieldType: CustomFieldType
  /** One option per line (select fields). */
  options: string
}

export type CustomFieldDefinitionInput = Pick<CustomFieldDefinition, 'label' | 'key' | 'fieldType' | 'options'>
export type CustomFieldFormErrors = Partial<Record<keyof CustomFieldFormValues, string>>

/** "Renewal date" → "renewalDate": what merge tags and imports will refer to, so it stays ASCII camelCase. */
export function deriveCustomFieldKey(label: string): string {
  const words = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
  const key = words
    // All-caps words are acronyms: "Customer ARR" → customerArr, not customerARR.
    .map((word) => (/^[A-Z0-9]+$/.test(word) ? word.toLowerCase() : word))
    .map((word, index) => (index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('')
  // Keys must start with a lowercase letter ("2024 budget" → "field2024Budget").
  const safe = /^[a-z]/.test(key) ? key : key ? `field${key.charAt(0).toUpperCase()}${key.slice(1)}` : ''
  return safe.slice(0, KEY_MAX)
}

export function parseOptionLines(text: string): string[] {
  return [...new Set(text.split('\n').map((line) => line.trim()).filter(Boolean))]
}

export function validateCustomFieldForm(
  values: CustomFieldFormValues,
  existing: readonly Pick<CustomFieldDefinition, 'id' | 'key' | 'label'>[],
  editingId?: string,
): Result<CustomFieldDefinitionInput, CustomFieldFormErrors> {
  const errors: CustomFieldFormErrors = {}
  const label = values.label.trim()
  const key = values.key.trim()
  if (!label) errors.label = 'Enter a label, like “Plan” or “Renewal date”'
  else if (label.length > LABEL_MAX) errors.label = `Keep the label under ${LABEL_MAX} characters`

  if (!key) errors.key = 'Enter a key'
  else if (!keyPattern.test(key)) {
    errors.key = `A key starts with a lowercase letter and has only letters, digits and _ (at most ${KEY_MAX}), like renewalDate`
  } else {
    const clash = existing.find((definition) => definition.id !== editingId && definition.key === key)
    if (clash) errors.key = `“${clash.label}” already uses the key ${key}`
  }

  if (!CUSTOM_FIELD_TYPES.includes(values.fieldType)) errors.fieldType = 'Choose a type'

  let options: string[] = []
  if (values.fieldType === 'select') {
    options = parseOptionLines(values.options)
    const tooLong = options.find((option) => option.length > OPTION_MAX)
    if (options.length === 0) errors.options = 'Add at least one option, one per line'
    else if (options.length > OPTIONS_MAX) errors.options = `At most ${OPTIONS_MAX} options`
    else if (tooLong) errors.options = `Options are at most ${OPTION_MAX} characters: “${tooLong.slice(0, 20)}…” is longer`
  }

  if (Object.keys(errors).length > 0) return err(errors)
  return ok({ label, key, fieldType: values.fieldType, options })
}
