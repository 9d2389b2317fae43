import type { ContactFormValues, ContactInput } from '@core/contacts/contactInput'
import { canonicalJson } from '@core/sync/canonicalJson'
import type { Contact, CustomFieldDefinition, LifecycleStage } from '@core/schema'

/** What the contact form edits: every value as the user sees it (custom fields as text). */
export interface ContactFormState {
  firstName: string
  lastName: string
  email: string
  phone: string
  title: string
  companyId: string
  lifecycleStage: LifecycleStage
  tags: string[]
  customFields: Record<string, string>
}

export const NEW_CONTACT_STAGE: LifecycleStage = 'lead'

export function formStateFromContact(contact: Contact | null): ContactFormState {
  if (!contact) {
    return { firstName: '', lastName: '', email: '', phone: '', title: '', companyId: '', lifecycleStage: NEW_CONTACT_STAGE, tags: [], customFields: {} }
  }
  const customFields: Record<string, string> = {}
  for (const [key, value] of Object.entries(contact.customFields)) customFields[key] = value === null || value === undefined ? '' : String(value)
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    title: contact.title,
    companyId: contact.companyId,
    lifecycleStage: contact.lifecycleStage,
    tags: [...contact.tags],
    customFields,
  }
}

/** The form state as validateContactInput expects it: only the custom fields the workspace defines. */
export function formValuesForValidation(state: ContactFormState, definitions: readonly CustomFieldDefinition[]): ContactFormValues {
  return {
    ...state,
    customFields: Object.fromEntries(definitions.map((definition) => [definition.key, state.customFields[definition.key] ?? ''])),
  }
}

/**
 * The fields an edit really changes, so only those get new clock stamps. Values of custom fields
 * the workspace no longer defines are kept: the form cannot show them, so it must not drop them.
 */
export function contactChanges(
  original: Contact,
  input: ContactInput,
  definitions: readonly CustomFieldDefinition[],
): Partial<ContactInput> {
  const defined = new Set(definitions.map((definition) => definition.key))
  const kept = Object.entries(original.customFields).filter(([key]) => !defined.has(key))
  const next: ContactInput = { ...input, customFields: { ...Object.fromEntries(kept), ...input.customFields } }
  const changes: Partial<Record<keyof ContactInput, unknown>> = {}
  for (const key of Object.keys(next) as (keyof ContactInput)[]) {
    if (canonicalJson(next[key]) !== canonicalJson(original[key])) changes[key] = next[key]
  }
  return changes as Partial<ContactInput>
}
