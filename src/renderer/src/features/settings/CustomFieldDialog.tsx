import { useState, type FormEvent } from 'react'
import { CUSTOM_FIELD_TYPES, type CustomFieldDefinition, type CustomFieldType } from '@core/schema'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { submitOnEnter } from '../contacts/submitOnEnter'
import { FieldShell, SelectField, TextField, inputClass } from '../../ui/Field'
import {
  CUSTOM_FIELD_TYPE_LABELS,
  deriveCustomFieldKey,
  validateCustomFieldForm,
  type CustomFieldDefinitionInput,
  type CustomFieldFormErrors,
  type CustomFieldFormValues,
} from './customFieldInput'

const FORM_ID = 'custom-field-form'
const TYPE_OPTIONS = CUSTOM_FIELD_TYPES.map((type) => ({ value: type, label: CUSTOM_FIELD_TYPE_LABELS[type] }))

export interface CustomFieldDialogProps {
  /** The field being edited; undefined to add one. */
  editing: CustomFieldDefinition | undefined
  existing: readonly CustomFieldDefinition[]
  onSave: (input: CustomFieldDefinitionInput) => Promise<void>
  onClose: () => void
}

/** Add or edit one custom field definition. Mount it only while open, so each opening starts fresh. */
export function CustomFieldDialog({ editing, existing, onSave, onClose }: CustomFieldDialogProps) {
  const [values, setValues] = useState<CustomFieldFormValues>(() =>
    editing
      ? { label: editing.label, key: editing.key, fieldType: editing.fieldType, options: editing.options.join('\n') }
      : { label: '', key: '', fieldType: 'text', options: '' },
  )
  // The key follows the label until the user types a key of their own.
  const [keyTouched, setKeyTouched] = useState(editing !== undefined)
  const [errors, setErrors] = useState<CustomFieldFormErrors>({})
  const [saving, setSaving] = useState(false)

  const set = (patch: Partial<CustomFieldFormValues>) => {
    setValues((current) => ({ ...current, ...patch }))
    setErrors((current) => {
      const next = { ...current }
      for (const field of Object.keys(patch) as (keyof CustomFieldFormValues)[]) delete next[field]
      return next
    })
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    const result = validateCustomFieldForm(values, existing, editing?.id)
    if (!result.ok) {
      setErrors(result.error)
      return
    }
    setSaving(true)
    try {
      await onSave(result.value)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={editing ? `Edit “${editing.label}”` : 'New custom field'}
      description={editing ? undefined : 'Every contact gets this field; it appears on the contact page under Custom fields.'}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={FORM_ID} disabled={saving}>
            {editing ? 'Save field' : 'Add field'}
          </Button>
        </>
      }
    >
      <form id={FORM_ID} onSubmit={submit} onKeyDown={submitOnEnter} noValidate className="flex flex-col gap-3">
        <TextField
          label="Label"
          value={values.label}
          onChange={(event) => {
            const label = event.target.value
            set(keyTouched ? { label } : { label, key: deriveCustomFieldKey(label) })
          }}
          error={errors.label}
          placeholder="Renewal date"
          autoComplete="off"
          maxLength={80}
        />
        <TextField
          label="Key"
          value={values.key}
          onChange={(event) => {
            setKeyTouched(true)
            set({ key: event.target.value })
          }}
          error={errors.key}
          // Stored values are filed under the key, so renaming it would orphan them.
          readOnly={editing !== undefined}
          hint={
            editing
              ? 'The key cannot change once values may be stored under it.'
              : 'Used in imports and merge tags. Letters, digits and _, starting with a lowercase letter.'
          }
          className={`font-mono text-[13px] ${editing ? 'bg-slate-50 text-slate-500' : ''}`}
          spellCheck={false}
          autoComplete="off"
        />
        <SelectField
          label="Type"
          value={values.fieldType}
          options={TYPE_OPTIONS}
          onChange={(event) => set({ fieldType: event.target.value as CustomFieldType })}
          error={errors.fieldType}
        />
        {values.fieldType === 'select' ? (
          <FieldShell label="Options" error={errors.options} hint="One option per line, in the order they should appear.">
            {(ids) => (
              <textarea
                {...ids}
                rows={5}
                value={values.options}
                onChange={(event) => set({ options: event.target.value })}
                placeholder={'Starter\nGrowth\nEnterprise'}
                className={`${inputClass} h-auto resize-y py-1.5 leading-relaxed`}
              />
            )}
          </FieldShell>
        ) : null}
        {editing && values.fieldType !== editing.fieldType ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800">
            Values already stored stay as they are; ones that do not fit the new type show as plain text until edited.
          </p>
        ) : null}
      </form>
    </Dialog>
  )
}
