/** Contact fields a CSV column can fill. `fullName` is split into first and last name; `company` links by name. */
export const IMPORT_FIELDS = ['email', 'firstName', 'lastName', 'fullName', 'phone', 'title', 'company', 'tags', 'lifecycleStage'] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name (split)',
  phone: 'Phone',
  title: 'Title',
  company: 'Company',
  tags: 'Tags',
  lifecycleStage: 'Lifecycle stage',
}

/** Where one CSV column goes. Each field and custom field takes at most one column. */
export type ImportTarget =
  | { kind: 'ignore' }
  | { kind: 'field'; field: ImportField }
  | { kind: 'customField'; key: string }
  /** A text custom field created from the column's header when the import starts. */
  | { kind: 'newCustomField' }

/** One target per column, in column order. */
export type ImportMapping = readonly ImportTarget[]

/** What to do with a row whose email already belongs to a contact (in the workspace or earlier in the file). */
export const DUPLICATE_MODES = ['update', 'fill', 'skip', 'create'] as const
export type DuplicateMode = (typeof DUPLICATE_MODES)[number]

export const DUPLICATE_MODE_LABELS: Record<DuplicateMode, { label: string; detail: string }> = {
  update: { label: 'Update the contact', detail: 'Values from the file replace the ones stored; tags are added.' },
  fill: { label: 'Fill in blanks only', detail: 'Only empty fields get values from the file; tags are added.' },
  skip: { label: 'Skip the row', detail: 'The contact stays as it is.' },
  create: { label: 'Create another contact', detail: 'Two contacts will share the email.' },
}

export function sameTarget(a: ImportTarget, b: ImportTarget): boolean {
  if (a.kind === 'field' && b.kind === 'field') return a.field === b.field
  if (a.kind === 'customField' && b.kind === 'customField') return a.key === b.key
  return false
}
