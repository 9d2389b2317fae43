import { useState, type FormEvent } from 'react'
import type { Company } from '@core/schema'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch, useAppSelector } from '../../app/store'
import { companyDialogSet, toastShown, type RecordDialog } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { useCompanies } from '../../data/hooks'
import { insertSyncedDoc, patchSyncedDoc } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { TextField } from '../../ui/Field'
import { TagInput } from '../../ui/TagInput'
import { submitOnEnter } from '../contacts/submitOnEnter'
import {
  EMPTY_COMPANY_FORM,
  companyFormValues,
  findCompanyByName,
  validateCompanyInput,
  type CompanyFieldErrors,
  type CompanyFormValues,
} from './companyInput'

const FORM_ID = 'company-form'

/** Create / edit a company; mounted once by App, opened through `ui.companyDialog`. */
export function CompanyFormDialog() {
  const dialog = useAppSelector((state) => state.ui.companyDialog)
  // The company list is only read while the dialog is open, not from app start on.
  return dialog === null ? null : <OpenCompanyDialog dialog={dialog} />
}

function OpenCompanyDialog({ dialog }: { dialog: NonNullable<RecordDialog> }) {
  const dispatch = useAppDispatch()
  const companies = useCompanies()
  const editing = dialog?.mode === 'edit' ? companies?.find((company) => company.id === dialog.id) : undefined
  const close = () => dispatch(companyDialogSet(null))
  // Wait for the company before mounting the form so its initial values are the stored ones.
  const ready = dialog.mode === 'create' || editing !== undefined
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : close())}
      title={dialog.mode === 'edit' ? 'Edit company' : 'New company'}
      width="md"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" type="submit" form={FORM_ID} disabled={!ready}>
            {dialog.mode === 'edit' ? 'Save changes' : 'Create company'}
          </Button>
        </>
      }
    >
      {ready ? (
        <CompanyForm key={dialog.mode === 'edit' ? dialog.id : 'create'} company={editing} companies={companies ?? []} onDone={close} />
      ) : dialog.mode === 'edit' && companies ? (
        <p className="text-sm text-slate-600">This company was deleted or does not exist.</p>
      ) : null}
    </Dialog>
  )
}

function CompanyForm({ company, companies, onDone }: { company: Company | undefined; companies: readonly Company[]; onDone: () => void }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const [values, setValues] = useState<CompanyFormValues>(() => (company ? companyFormValues(company) : EMPTY_COMPANY_FORM))
  const [errors, setErrors] = useState<CompanyFieldErrors>({})
  const [saving, setSaving] = useState(false)
  const duplicate = findCompanyByName(companies, values.name, company?.id)

  const set = <K extends keyof CompanyFormValues>(field: K, value: CompanyFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }))
    // The message goes away as soon as the user starts fixing the field.
    if (errors[field]) setErrors(({ [field]: _fixed, ...rest }) => rest)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    const result = validateCompanyInput(values)
    if (!result.ok) {
      setErrors(result.error)
      focusFirstInvalid()
      return
    }
    setSaving(true)
    try {
      if (company) {
        // An emptied employee count is cleared, not left at its old value.
        await patchSyncedDoc<Company>(db.companies, company.id, result.value, result.value.employees === undefined ? ['employees'] : [])
        dispatch(toastShown({ message: `Saved ${result.value.name}` }))
        onDone()
      } else {
        const created = await insertSyncedDoc<Company>(db.companies, result.value)
        dispatch(toastShown({ message: `Created ${created.name}` }))
        onDone()
        navigate({ name: 'company', id: created.id })
      }
    } catch (error) {
      dispatch(toastShown({ message: `Could not save the company: ${String(error)}`, tone: 'error' }))
      setSaving(false)
    }
  }

  return (
    <form id={FORM_ID} onSubmit={submit} onKeyDown={submitOnEnter} noValidate className="grid grid-cols-2 gap-x-3 gap-y-3">
      <div className="col-span-2">
        <TextField
          label="Name"
          required
          value={values.name}
          onChange={(event) => set('name', event.target.value)}
          error={errors.name}
          hint={
            duplicate ? (
              <span className="text-amber-700">
                A company with this name already exists:{' '}
                <a
                  href={routePath({ name: 'company', id: duplicate.id })}
                  onClick={onDone}
                  className="font-medium underline underline-offset-2 hover:text-amber-900"
                >
                  open {duplicate.name}
                </a>
              </span>
            ) : undefined
          }
          autoComplete="off"
          maxLength={200}
        />
      </div>
      <TextField
        label="Domain"
        value={values.domain}
        onChange={(event) => set('domain', event.target.value)}
        error={errors.domain}
        placeholder="acme.com"
        autoComplete="off"
        spellCheck={false}
      />
      <TextField label="Industry" value={values.industry} onChange={(event) => set('industry', event.target.value)} error={errors.industry} />
      <TextField
        label="Employees"
        value={values.employees}
        onChange={(event) => set('employees', event.target.value)}
        error={errors.employees}
        inputMode="numeric"
        placeholder="250"
      />
      <TextField label="Phone" type="tel" value={values.phone} onChange={(event) => set('phone', event.target.value)} error={errors.phone} />
      <TextField label="City" value={values.city} onChange={(event) => set('city', event.target.value)} error={errors.city} />
      <TextField label="Country" value={values.country} onChange={(event) => set('country', event.target.value)} error={errors.country} />
      <div className="col-span-2">
        <TagInput label="Tags" tags={values.tags} onChange={(tags) => set('tags', tags)} error={errors.tags} />
      </div>
    </form>
  )
}

function focusFirstInvalid(): void {
  // After React renders the messages, so aria-invalid is already set.
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`#${FORM_ID} [aria-invalid="true"]`)?.focus())
}
