import { useId, useRef, useState, type FormEvent } from 'react'
import { flushSync } from 'react-dom'
import { validateContactInput, type FieldErrors } from '@core/contacts/contactInput'
import type { Contact, CustomFieldDefinition, LifecycleStage } from '@core/schema'
import { navigate } from '../../app/router'
import { useAppDispatch, useAppSelector } from '../../app/store'
import { contactDialogSet, toastShown } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { useCompanies, useCustomFieldDefinitions, useRxDocument } from '../../data/hooks'
import { insertSyncedDoc, patchSyncedDoc } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { FieldShell, inputClass, SelectField, TextField } from '../../ui/Field'
import { TagInput } from '../../ui/TagInput'
import { errorMessage } from './BulkActionsBar'
import { contactDisplayName } from './contactDisplay'
import { contactChanges, formStateFromContact, formValuesForValidation, type ContactFormState } from './contactForm'
import { submitOnEnter } from './submitOnEnter'
import { manualStageMove } from '../scoring/manualStageMove'
import { useStageOptions } from '../scoring/useStageOptions'

/** The create / edit contact dialog, rendered once by the app and opened through `ui.contactDialog`. */
export function ContactFormDialog() {
  const dialog = useAppSelector((state) => state.ui.contactDialog)
  if (!dialog) return null
  if (dialog.mode === 'create') return <ContactForm key="create" original={null} />
  return <EditContactLoader key={dialog.id} id={dialog.id} />
}

function EditContactLoader({ id }: { id: string }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const contact = useRxDocument<Contact>(() => db.contacts.findOne(id), [db, id])
  if (contact === undefined) return null
  if (contact === null) {
    return (
      <Dialog
        open
        onOpenChange={() => dispatch(contactDialogSet(null))}
        title="Contact not found"
        description="It may have been deleted, here or on another device."
        width="sm"
        footer={<Button onClick={() => dispatch(contactDialogSet(null))}>Close</Button>}
      />
    )
  }
  return <ContactForm original={contact} />
}

function ContactForm({ original }: { original: Contact | null }) {
  const dispatch = useAppDispatch()
  const { db, contacts: index } = useData()
  const companies = useCompanies()
  const definitions = useCustomFieldDefinitions()
  const formId = useId()
  const formRef = useRef<HTMLFormElement>(null)
  const [values, setValues] = useState<ContactFormState>(() => formStateFromContact(original))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [duplicate, setDuplicate] = useState<Contact | null>(null)
  const [saving, setSaving] = useState(false)
  const stageOptions = useStageOptions(original?.lifecycleStage ?? 'lead')
  const [saveError, setSaveError] = useState<string | null>(null)
  const editingId = original?.id

  const close = () => dispatch(contactDialogSet(null))

  const set = <K extends keyof ContactFormState>(field: K, value: ContactFormState[K]) => {
    setValues((current) => ({ ...current, [field]: value }))
    if (errors[field]) setErrors(({ [field]: _dropped, ...rest }) => rest)
  }

  const setCustom = (key: string, value: string) => {
    setValues((current) => ({ ...current, customFields: { ...current.customFields, [key]: value } }))
    const path = `customFields.${key}`
    if (errors[path]) setErrors(({ [path]: _dropped, ...rest }) => rest)
  }

  /** A duplicate only blocks when the email is new or changed: an edit must not be stuck on a clash it did not make. */
  const findDuplicate = (email: string): Contact | null => {
    const normalized = email.trim().toLowerCase()
    if (!normalized || normalized === original?.email) return null
    return index.findByEmail(normalized, editingId) ?? null
  }

  const focusFirstProblem = () => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    const result = validateContactInput(formValuesForValidation(values, definitions), definitions)
    if (!result.ok) {
      flushSync(() => setErrors(result.error))
      focusFirstProblem()
      return
    }
    const clash = findDuplicate(result.value.email)
    if (clash) {
      flushSync(() => setDuplicate(clash))
      focusFirstProblem()
      return
    }
    setErrors({})
    setSaveError(null)
    setSaving(true)
    try {
      if (original) {
        const changes: Partial<Contact> = contactChanges(original, result.value, definitions)
        // A stage changed by hand goes into the history (score automation then leaves it alone).
        const stageMove = changes.lifecycleStage ? manualStageMove(original, changes.lifecycleStage) : null
        if (stageMove) Object.assign(changes, stageMove)
        if (Object.keys(changes).length > 0) {
          const found = await patchSyncedDoc(db.contacts, original.id, changes)
          if (!found) throw new Error('this contact no longer exists (deleted on this or another device)')
          dispatch(toastShown({ message: `Saved ${contactDisplayName(result.value)}` }))
        }
        close()
      } else {
        const created = await insertSyncedDoc(db.contacts, result.value)
        close()
        navigate({ name: 'contact', id: created.id })
      }
    } catch (error) {
      setSaveError(`Could not save the contact: ${errorMessage(error)}. Your changes are still here; try again.`)
      setSaving(false)
    }
  }

  const companyOptions = [
    { value: '', label: 'No company' },
    ...(companies ?? []).map((company) => ({ value: company.id, label: company.name || 'Untitled company' })),
  ]
  // Keep an unknown company (deleted, or not synced yet) selectable instead of silently clearing it.
  if (values.companyId && !companies?.some((company) => company.id === values.companyId)) {
    companyOptions.push({ value: values.companyId, label: companies ? 'Unknown company' : 'Loading…' })
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : close())}
      title={original ? `Edit ${contactDisplayName(original)}` : 'New contact'}
      width="lg"
      footer={
        <>
          <span className="mr-auto hidden items-center text-xs text-slate-400 sm:flex">Enter to save · Esc to close</span>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" disabled={saving}>
            {saving ? 'Saving…' : original ? 'Save changes' : 'Create contact'}
          </Button>
        </>
      }
    >
      <form ref={formRef} id={formId} noValidate onSubmit={(event) => void submit(event)} onKeyDown={submitOnEnter} className="flex flex-col gap-4">
        {saveError ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {saveError}
          </div>
        ) : null}
        <div className="grid grid-cols-2 gap-x-3 gap-y-3">
          <TextField label="First name" autoFocus autoComplete="off" value={values.firstName} onChange={(event) => set('firstName', event.target.value)} error={errors.firstName} />
          <TextField label="Last name" autoComplete="off" value={values.lastName} onChange={(event) => set('lastName', event.target.value)} error={errors.lastName} />
          <EmailField
            value={values.email}
            error={errors.email}
            duplicate={duplicate}
            onChange={(email) => {
              set('email', email)
              setDuplicate(null)
            }}
            onBlur={() => setDuplicate(findDuplicate(values.email))}
            onOpenDuplicate={(id) => {
              close()
              navigate({ name: 'contact', id })
            }}
          />
          <TextField label="Phone" type="tel" autoComplete="off" value={values.phone} onChange={(event) => set('phone', event.target.value)} error={errors.phone} />
          <TextField label="Job title" autoComplete="off" value={values.title} onChange={(event) => set('title', event.target.value)} error={errors.title} />
          <SelectField
            label="Company"
            value={values.companyId}
            options={companyOptions}
            onChange={(event) => set('companyId', event.target.value)}
            error={errors.companyId}
          />
          <SelectField
            label="Lifecycle stage"
            value={values.lifecycleStage}
            options={stageOptions}
            onChange={(event) => set('lifecycleStage', event.target.value as LifecycleStage)}
            error={errors.lifecycleStage}
          />
        </div>
        <TagInput label="Tags" tags={values.tags} onChange={(tags) => set('tags', tags)} suggestions={index.allTags()} error={errors.tags} />
        {definitions.length > 0 ? (
          <section aria-labelledby={`${formId}-custom`} className="flex flex-col gap-3 border-t border-slate-100 pt-4">
            <h3 id={`${formId}-custom`} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
              Custom fields
            </h3>
            <div className="grid grid-cols-2 gap-x-3 gap-y-3">
              {definitions.map((definition) => (
                <CustomField
                  key={definition.id}
                  definition={definition}
                  value={values.customFields[definition.key] ?? ''}
                  error={errors[`customFields.${definition.key}`]}
                  onChange={(value) => setCustom(definition.key, value)}
                />
              ))}
            </div>
          </section>
        ) : null}
      </form>
    </Dialog>
  )
}

interface EmailFieldProps {
  value: string
  error: string | undefined
  duplicate: Contact | null
  onChange: (value: string) => void
  onBlur: () => void
  onOpenDuplicate: (id: string) => void
}

function EmailField({ value, error, duplicate, onChange, onBlur, onOpenDuplicate }: EmailFieldProps) {
  const warningId = useId()
  return (
    <div className="flex flex-col gap-1">
      <FieldShell label="Email" error={error}>
        {(ids) => (
          <input
            {...ids}
            type="email"
            autoComplete="off"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            onBlur={onBlur}
            aria-invalid={ids['aria-invalid'] || duplicate !== null}
            aria-describedby={duplicate ? warningId : ids['aria-describedby']}
            className={inputClass}
          />
        )}
      </FieldShell>
      {duplicate && !error ? (
        <div id={warningId} role="alert" className="flex flex-wrap items-center gap-x-1.5 text-xs text-amber-800">
          <span>
            {contactDisplayName(duplicate) === duplicate.email ? 'Another contact' : contactDisplayName(duplicate)} already uses this email.
          </span>
          <button type="button" onClick={() => onOpenDuplicate(duplicate.id)} className="font-medium text-accent-700 underline underline-offset-2 hover:text-accent-600">
            Open existing contact
          </button>
        </div>
      ) : null}
    </div>
  )
}

interface CustomFieldProps {
  definition: CustomFieldDefinition
  value: string
  error: string | undefined
  onChange: (value: string) => void
}

function CustomField({ definition, value, error, onChange }: CustomFieldProps) {
  switch (definition.fieldType) {
    case 'select': {
      const options = [{ value: '', label: '—' }, ...definition.options.map((option) => ({ value: option, label: option }))]
      // A value from before the options changed stays visible rather than silently blanking.
      if (value && !definition.options.includes(value)) options.push({ value, label: value })
      return <SelectField label={definition.label} value={value} options={options} onChange={(event) => onChange(event.target.value)} error={error} />
    }
    case 'date':
      return <TextField label={definition.label} type="date" value={value} onChange={(event) => onChange(event.target.value)} error={error} />
    case 'number':
      // Text, not type="number": the browser would swallow "12,5" silently instead of letting us explain.
      return <TextField label={definition.label} inputMode="decimal" autoComplete="off" value={value} onChange={(event) => onChange(event.target.value)} error={error} />
    case 'text':
      return <TextField label={definition.label} autoComplete="off" value={value} onChange={(event) => onChange(event.target.value)} error={error} />
  }
}
