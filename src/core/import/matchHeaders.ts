import type { CustomFieldDefinition } from '../schema/settings'
import { IMPORT_FIELD_LABELS, type ImportField, type ImportTarget } from './importFields'

// Header spellings seen in exports from spreadsheets, mail tools and CRMs, normalized (see
// normalizeHeader). The field's own label (IMPORT_FIELD_LABELS, what Outpost exports) is matched
// before custom fields; these synonyms after them, so a custom field called "Role" keeps its column.
const SYNONYMS: Record<ImportField, readonly string[]> = {
  email: ['email', 'emailaddress', 'mail', 'mailaddress', 'primaryemail', 'workemail', 'businessemail', 'emailaddr', 'courriel'],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'fname', 'prenom', 'vorname', 'nombre'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'lname', 'nachname', 'apellido', 'apellidos'],
  fullName: ['name', 'fullname', 'contactname', 'contact', 'displayname', 'personname'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'workphone', 'businessphone', 'telefon', 'telefono'],
  title: ['title', 'jobtitle', 'position', 'role', 'jobrole', 'job', 'designation'],
  company: ['company', 'companyname', 'organization', 'organisation', 'org', 'account', 'accountname', 'employer', 'firma', 'empresa'],
  tags: ['tags', 'tag', 'labels', 'keywords'],
  lifecycleStage: ['lifecyclestage', 'lifecycle', 'stage', 'contactstage'],
}

const FIELD_ORDER = Object.keys(SYNONYMS) as ImportField[]

/** "E-mail Address " → "emailaddress": case, accents, spaces and punctuation do not matter. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

interface Candidate {
  column: number
  target: ImportTarget
  /** Higher wins: the field's own label, then a custom field's key or label, then a synonym. */
  strength: number
  targetId: string
}

/**
 * Proposes where each column goes. Every field and custom field is given to at most one column
 * (the strongest match, then the leftmost); columns nothing matches are ignored.
 */
export function matchHeaders(headers: readonly string[], customFields: readonly Pick<CustomFieldDefinition, 'key' | 'label'>[]): ImportTarget[] {
  const candidates: Candidate[] = []
  headers.forEach((header, column) => {
    const normalized = normalizeHeader(header)
    if (!normalized) return
    for (const field of FIELD_ORDER) {
      const strength = normalizeHeader(IMPORT_FIELD_LABELS[field]) === normalized ? 3 : SYNONYMS[field].includes(normalized) ? 1 : 0
      if (strength > 0) candidates.push({ column, target: { kind: 'field', field }, strength, targetId: `field:${field}` })
    }
    for (const definition of customFields) {
      if (normalizeHeader(definition.key) === normalized || normalizeHeader(definition.label) === normalized) {
        candidates.push({ column, target: { kind: 'customField', key: definition.key }, strength: 2, targetId: `custom:${definition.key}` })
      }
    }
  })
  candidates.sort((a, b) => b.strength - a.strength || a.column - b.column)
  const result: ImportTarget[] = headers.map(() => ({ kind: 'ignore' }))
  const takenColumns = new Set<number>()
  const takenTargets = new Set<string>()
  for (const candidate of candidates) {
    if (takenColumns.has(candidate.column) || takenTargets.has(candidate.targetId)) continue
    takenColumns.add(candidate.column)
    takenTargets.add(candidate.targetId)
    result[candidate.column] = candidate.target
  }
  return result
}
