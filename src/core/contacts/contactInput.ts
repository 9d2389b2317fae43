import { z } from 'zod'
import { err, ok, type Result } from '../result'
import { CONTACT_LIMITS, type Contact } from '../schema/contacts'
import { LIFECYCLE_STAGES } from '../schema/lifecycle'
import type { CustomFieldDefinition } from '../schema/settings'

export type ContactInput = Pick<
  Contact,
  'email' | 'firstName' | 'lastName' | 'phone' | 'title' | 'companyId' | 'tags' | 'lifecycleStage' | 'customFields'
>

/** Raw form values: everything may arrive as text. */
export interface ContactFormValues {
  email?: string
  firstName?: string
  lastName?: string
  phone?: string
  title?: string
  companyId?: string
  tags?: readonly string[]
  lifecycleStage?: string
  customFields?: Record<string, string | number | null | undefined>
}

/** Field name (`email`, `customFields.plan`, …) → message to show next to that field. */
export type FieldErrors = Record<string, string>

const tooLong = (label: string, max: number) => `${label} must be at most ${max} characters`
const PHONE_PATTERN = /^[0-9+()\-.\s/x]*$/
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
// Built once: a CSV import validates 100,000 rows with it.
const emailSchema = z.email()
export const TAG_MAX_LENGTH = 50
export const MAX_TAGS = 50

const contactFormSchema = z.object({
  email: z
    .string()
    .trim()
    .max(CONTACT_LIMITS.email, tooLong('Email', CONTACT_LIMITS.email))
    .refine((value) => value === '' || emailSchema.safeParse(value).success, 'Enter a valid email address, like name@example.com'),
  firstName: z.string().trim().max(CONTACT_LIMITS.firstName, tooLong('First name', CONTACT_LIMITS.firstName)),
  lastName: z.string().trim().max(CONTACT_LIMITS.lastName, tooLong('Last name', CONTACT_LIMITS.lastName)),
  phone: z
    .string()
    .trim()
    .max(CONTACT_LIMITS.phone, tooLong('Phone', CONTACT_LIMITS.phone))
    .regex(PHONE_PATTERN, 'Phone may contain digits, spaces and + ( ) - . / x'),
  title: z.string().trim().max(CONTACT_LIMITS.title, tooLong('Title', CONTACT_LIMITS.title)),
  companyId: z.string().max(26),
  tags: z
    .array(z.string().trim().min(1, 'Tags cannot be empty').max(TAG_MAX_LENGTH, tooLong('A tag', TAG_MAX_LENGTH)))
    .max(MAX_TAGS, `At most ${MAX_TAGS} tags`),
  lifecycleStage: z.enum(LIFECYCLE_STAGES, { message: 'Choose a lifecycle stage' }),
})

/**
 * Validates what a user typed into the contact form. Either every field is valid and the
 * normalized input comes back, or nothing does and each bad field has its own message.
 */
export function validateContactInput(
  values: ContactFormValues,
  customFieldDefinitions: readonly CustomFieldDefinition[],
): Result<ContactInput, FieldErrors> {
  const errors: FieldErrors = {}
  const parsed = contactFormSchema.safeParse({
    email: values.email ?? '',
    firstName: values.firstName ?? '',
    lastName: values.lastName ?? '',
    phone: values.phone ?? '',
    title: values.title ?? '',
    companyId: values.companyId ?? '',
    tags: values.tags ?? [],
    lifecycleStage: values.lifecycleStage ?? 'lead',
  })
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form')
      errors[field] ??= issue.message
    }
  }
  const customFields = validateCustomFieldValues(values.customFields ?? {}, customFieldDefinitions, errors)
  if (parsed.success && !parsed.data.email && !parsed.data.firstName && !parsed.data.lastName) {
    errors.email = 'Enter at least an email address or a name'
  }
  if (!parsed.success || Object.keys(errors).length > 0) return err(errors)
  const tags = [...new Set(parsed.data.tags.map((tag) => tag.toLowerCase()))]
  return ok({ ...parsed.data, email: normalizeEmail(parsed.data.email), tags, customFields })
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

function validateCustomFieldValues(
  values: Record<string, string | number | null | undefined>,
  definitions: readonly CustomFieldDefinition[],
  errors: FieldErrors,
): Record<string, string | number | null> {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]))
  const result: Record<string, string | number | null> = {}
  for (const [key, raw] of Object.entries(values)) {
    const definition = byKey.get(key)
    const path = `customFields.${key}`
    if (!definition) {
      errors[path] = `Unknown custom field "${key}"`
      continue
    }
    const outcome = parseCustomFieldValue(definition, raw)
    if (outcome.ok) {
      if (outcome.value !== null) result[key] = outcome.value
    } else {
      errors[path] = outcome.error
    }
  }
  return result
}

/** One custom field value, from form text to its stored form (null = empty). */
export function parseCustomFieldValue(
  definition: Pick<CustomFieldDefinition, 'label' | 'fieldType' | 'options'>,
  raw: string | number | null | undefined,
): Result<string | number | null> {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return ok(null)
  const text = typeof raw === 'number' ? String(raw) : raw.trim()
  switch (definition.fieldType) {
    case 'text':
      return text.length > 1000 ? err(tooLong(definition.label, 1000)) : ok(text)
    case 'number': {
      const value = typeof raw === 'number' ? raw : Number(text.replace(/,/g, ''))
      return Number.isFinite(value) ? ok(value) : err(`${definition.label} must be a number`)
    }
    case 'date':
      return isIsoDate(text) ? ok(text) : err(`${definition.label} must be a date (YYYY-MM-DD)`)
    case 'select':
      return definition.options.includes(text)
        ? ok(text)
        : err(`${definition.label} must be one of: ${definition.options.join(', ') || '(no options defined)'}`)
  }
}

function isIsoDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
