import { useState } from 'react'
import { parseCustomFieldValue, validateContactInput, type ContactFormValues } from '@core/contacts/contactInput'
import type { Contact, CustomFieldDefinition, LifecycleStage } from '@core/schema'
import { routePath } from '../../app/router'
import { useData } from '../../data/dataContext'
import { useCompanies, useContactIndexVersion, useCustomFieldDefinitions } from '../../data/hooks'
import { patchSyncedDoc } from '../../data/syncedWrites'
import { TagInput } from '../../ui/TagInput'
import { contactDisplayName } from './contactDisplay'
import { InlineSelectField, InlineTextField } from './ContactDetailInlineField'
import { manualStageMove } from '../scoring/manualStageMove'
import { useStageOptions } from '../scoring/useStageOptions'

type TextFieldName = 'firstName' | 'lastName' | 'email' | 'phone' | 'title'

const TEXT_FIELDS: { field: TextFieldName; label: string; type: 'text' | 'email' | 'tel'; placeholder: string }[] = [
  { field: 'firstName', label: 'First name', type: 'text', placeholder: 'Add first name' },
  { field: 'lastName', label: 'Last name', type: 'text', placeholder: 'Add last name' },
  { field: 'email', label: 'Email', type: 'email', placeholder: 'Add email' },
  { field: 'phone', label: 'Phone', type: 'tel', placeholder: 'Add phone' },
  { field: 'title', label: 'Job title', type: 'text', placeholder: 'Add job title' },
]

/**
 * The standard fields as the contact form would submit them. Custom values are left out:
 * they are validated one by one against their own definitions, so a value of a field deleted
 * in Settings never blocks editing the name.
 */
function standardValues(contact: Contact): ContactFormValues {
  const { email, firstName, lastName, phone, title, companyId, tags, lifecycleStage } = contact
  return { email, firstName, lastName, phone, title, companyId, tags, lifecycleStage }
}

export function ContactDetailFields({ contact }: { contact: Contact }) {
  const { db, contacts: index } = useData()
  const companies = useCompanies()
  useContactIndexVersion(index)
  const [tagError, setTagError] = useState<string | undefined>(undefined)
  const stageOptions = useStageOptions(contact.lifecycleStage)

  /** Validates the whole contact with one field changed and saves just that field. */
  const saveStandard = async <K extends keyof ContactFormValues & keyof Contact>(field: K, raw: ContactFormValues[K]): Promise<string | null> => {
    const result = validateContactInput({ ...standardValues(contact), [field]: raw }, [])
    if (!result.ok) return result.error[field] ?? Object.values(result.error)[0] ?? 'This value cannot be saved'
    const value = result.value[field as keyof typeof result.value]
    if (field === 'email' && typeof value === 'string' && value) {
      const other = index.findByEmail(value, contact.id)
      if (other) return `${contactDisplayName(other)} already uses this email`
    }
    // A stage set by hand is recorded in the history, and score automation then leaves it alone.
    const patch = field === 'lifecycleStage' ? manualStageMove(contact, value as LifecycleStage) : { [field]: value }
    if (!patch) return null
    const saved = await patchSyncedDoc<Contact>(db.contacts, contact.id, patch)
    return saved ? null : 'This contact was deleted meanwhile'
  }

  const companyOptions = [
    { value: '', label: 'No company' },
    ...(companies ?? []).map((company) => ({ value: company.id, label: company.name })),
  ]
  // A link to a company deleted elsewhere still shows, instead of silently reading "No company".
  if (contact.companyId && companies && !companies.some((company) => company.id === contact.companyId)) {
    companyOptions.push({ value: contact.companyId, label: 'Unknown company' })
  }

  return (
    <div className="flex flex-col gap-4">
      <section aria-labelledby="contact-fields-heading" className="rounded-lg border border-slate-200 pb-2">
        <h2 id="contact-fields-heading" className="px-4 pt-3 pb-1.5 text-sm font-semibold text-slate-900">
          Details
        </h2>
        {TEXT_FIELDS.map(({ field, label, type, placeholder }) => (
          <InlineTextField
            key={field}
            label={label}
            type={type}
            value={contact[field]}
            placeholder={placeholder}
            onSave={(value) => saveStandard(field, value)}
          />
        ))}
        <InlineSelectField label="Company" value={contact.companyId} options={companyOptions} onSave={(value) => saveStandard('companyId', value)} />
        {contact.companyId && companies?.some((company) => company.id === contact.companyId) ? (
          <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-2 px-4">
            <span />
            <a href={routePath({ name: 'company', id: contact.companyId })} className="px-2 text-xs text-accent-700 hover:underline">
              Open company
            </a>
          </div>
        ) : null}
        <InlineSelectField
          label="Lifecycle stage"
          value={contact.lifecycleStage}
          options={stageOptions}
          onSave={(value) => saveStandard('lifecycleStage', value as LifecycleStage)}
        />
        <div className="px-4 pt-2">
          <TagInput
            label="Tags"
            tags={contact.tags}
            suggestions={index.allTags()}
            error={tagError}
            onChange={async (tags) => setTagError((await saveStandard('tags', tags)) ?? undefined)}
          />
        </div>
      </section>
      <ContactDetailCustomFields contact={contact} />
    </div>
  )
}

function ContactDetailCustomFields({ contact }: { contact: Contact }) {
  const { db } = useData()
  const definitions = useCustomFieldDefinitions()

  const save = async (definition: CustomFieldDefinition, raw: string): Promise<string | null> => {
    const parsed = parseCustomFieldValue(definition, raw)
    if (!parsed.ok) return parsed.error
    const next = { ...contact.customFields }
    if (parsed.value === null) delete next[definition.key]
    else next[definition.key] = parsed.value
    const saved = await patchSyncedDoc<Contact>(db.contacts, contact.id, { customFields: next })
    return saved ? null : 'This contact was deleted meanwhile'
  }

  return (
    <section aria-labelledby="contact-custom-fields-heading" className="rounded-lg border border-slate-200 pb-2">
      <h2 id="contact-custom-fields-heading" className="px-4 pt-3 pb-1.5 text-sm font-semibold text-slate-900">
        Custom fields
      </h2>
      {definitions.length === 0 ? (
        <p className="px-4 pb-2 text-sm text-slate-600">
          No custom fields yet.{' '}
          <a href={routePath({ name: 'settings' })} className="font-medium text-accent-700 hover:underline">
            Define custom fields in Settings
          </a>{' '}
          to track things like plan, renewal date or seats.
        </p>
      ) : (
        definitions.map((definition) => {
          const stored = contact.customFields[definition.key]
          const value = stored === null || stored === undefined ? '' : String(stored)
          if (definition.fieldType === 'select') {
            const options = [{ value: '', label: '—' }, ...definition.options.map((option) => ({ value: option, label: option }))]
            // A value no longer among the options is still shown rather than silently replaced.
            if (value && !definition.options.includes(value)) options.push({ value, label: `${value} (not an option)` })
            return <InlineSelectField key={definition.id} label={definition.label} value={value} options={options} onSave={(next) => save(definition, next)} />
          }
          return (
            <InlineTextField
              key={definition.id}
              label={definition.label}
              value={value}
              display={formatCustomValue(definition, stored)}
              type={definition.fieldType === 'date' ? 'date' : 'text'}
              inputMode={definition.fieldType === 'number' ? 'decimal' : undefined}
              placeholder="Empty"
              onSave={(next) => save(definition, next)}
            />
          )
        })
      )}
    </section>
  )
}

function formatCustomValue(definition: CustomFieldDefinition, stored: string | number | null | undefined): string {
  if (stored === null || stored === undefined) return ''
  if (definition.fieldType === 'number' && typeof stored === 'number') return stored.toLocaleString()
  if (definition.fieldType === 'date' && typeof stored === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(stored)
    if (match) return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).toLocaleDateString(undefined, { dateStyle: 'medium' })
  }
  return String(stored)
}
