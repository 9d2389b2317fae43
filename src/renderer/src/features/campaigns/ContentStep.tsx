import { useMemo, useState } from 'react'
import type { Company, Contact, Template } from '@core/schema'
import { checkTemplate, compileEmail, renderEmail, type RenderedEmail, type TemplateIssue } from '@core/templates/emailTemplate'
import { previewHtml } from '@core/templates/previewDocument'
import { routePath } from '../../app/router'
import { useCompanies, useCustomFieldDefinitions } from '../../data/hooks'
import { EmptyState } from '../../ui/EmptyState'
import { inputClass } from '../../ui/Field'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { contactDisplayName } from '../contacts/contactDisplay'
import { EmailPreviewCard } from '../templates/EmailPreviewCard'

export interface ContentStepProps {
  templates: readonly Template[]
  selectedId: string
  /** Contacts to preview as (the audience's first matches). */
  previewContacts: readonly Contact[]
  campaign: { id: string; name: string }
  locked: boolean
  onSelect: (templateId: string) => void
}

const PREVIEW_WIDTHS = { desktop: 640, mobile: 375 } as const

/** Who the preview shows when the audience is empty: a made-up person, so merge tags still show something. */
const SAMPLE_CONTACT: Contact = {
  id: 'preview',
  email: 'alex@example.com',
  firstName: 'Alex',
  lastName: 'Sample',
  phone: '',
  title: '',
  companyId: '',
  tags: [],
  lifecycleStage: 'lead',
  customFields: {},
  createdAt: 0,
  updatedAt: 0,
  _clock: {},
}

/** Step 2: what they get — a template, its issues, and a preview as one of the recipients. */
export function ContentStep({ templates, selectedId, previewContacts, campaign, locked, onSelect }: ContentStepProps) {
  const selected = templates.find((template) => template.id === selectedId)
  if (templates.length === 0) {
    return (
      <EmptyState
        title="No templates yet"
        action={
          <a href={routePath({ name: 'templates' })} className="inline-flex h-8 items-center rounded-md bg-accent-600 px-3 text-sm font-medium text-white hover:bg-accent-700">
            Create a template
          </a>
        }
      >
        A template holds the subject, sender and HTML body of the email. Create one, then come back here.
      </EmptyState>
    )
  }
  return (
    <div className="flex flex-col gap-5">
      <fieldset disabled={locked} className="min-w-0">
        <legend className="mb-2 text-sm font-medium text-slate-900">Template</legend>
        <div className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
          {templates.map((template) => {
            const checked = template.id === selectedId
            return (
              <label
                key={template.id}
                className={`flex cursor-pointer gap-3 rounded-lg border bg-white p-3 has-[:disabled]:cursor-default ${checked ? 'border-accent-500 ring-2 ring-accent-100' : 'border-slate-200 hover:border-slate-300'}`}
              >
                <input type="radio" name="campaign-template" value={template.id} checked={checked} onChange={() => onSelect(template.id)} className="mt-0.5 accent-accent-600" />
                <span className="min-w-0">
                  <span className="block truncate text-sm font-medium text-slate-900">{template.name}</span>
                  <span className="mt-0.5 block truncate text-xs text-slate-500">{template.subject || 'No subject'}</span>
                </span>
              </label>
            )
          })}
        </div>
        {selectedId && !selected ? <p className="mt-2 text-sm text-red-700">The chosen template was deleted. Pick another one.</p> : null}
        <p className="mt-3 text-sm text-slate-600">
          <a href={routePath({ name: 'templates' })} className="font-medium text-accent-700 hover:underline">
            Create a template
          </a>
        </p>
      </fieldset>
      {selected ? <TemplateDetails template={selected} previewContacts={previewContacts} campaign={campaign} /> : null}
    </div>
  )
}

function TemplateDetails({ template, previewContacts, campaign }: { template: Template; previewContacts: readonly Contact[]; campaign: { id: string; name: string } }) {
  const customFields = useCustomFieldDefinitions()
  const issues = useMemo(() => checkTemplate(template, customFields), [template, customFields])
  const from = template.fromEmail ? (template.fromName ? `${template.fromName} <${template.fromEmail}>` : template.fromEmail) : ''
  return (
    <section aria-label="Selected template" className="grid gap-5 xl:grid-cols-[20rem_minmax(0,1fr)]">
      <div className="flex flex-col gap-4">
        <dl className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <div>
            <dt className="text-xs font-medium text-slate-500">Subject</dt>
            <dd className="text-slate-900">{template.subject || <span className="text-red-700">No subject</span>}</dd>
          </div>
          {template.preheader ? (
            <div>
              <dt className="text-xs font-medium text-slate-500">Preheader</dt>
              <dd className="text-slate-700">{template.preheader}</dd>
            </div>
          ) : null}
          <div>
            <dt className="text-xs font-medium text-slate-500">From</dt>
            <dd className="break-all text-slate-900">{from || <span className="text-red-700">No sender</span>}</dd>
          </div>
          <div className="pt-1">
            <a href={routePath({ name: 'template', id: template.id })} className="text-xs font-medium text-accent-700 hover:underline">
              Edit template
            </a>
          </div>
        </dl>
        <TemplateIssues issues={issues} />
      </div>
      <TemplatePreview template={template} previewContacts={previewContacts} campaign={campaign} />
    </section>
  )
}

function TemplateIssues({ issues }: { issues: readonly TemplateIssue[] }) {
  if (issues.length === 0) {
    return <p className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">✓ No problems found in this template.</p>
  }
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3">
      <h3 className="text-xs font-medium text-slate-500">Template issues</h3>
      <ul className="mt-1.5 flex flex-col gap-1.5 text-sm">
        {issues.map((issue, index) => (
          <li key={index} className={issue.severity === 'error' ? 'text-red-700' : 'text-amber-700'}>
            <span className="font-medium">{issue.severity === 'error' ? 'Error' : 'Warning'}</span>
            {issue.line > 0 ? ` (${issue.field}, line ${issue.line})` : ` (${issue.field})`}: {issue.message}
          </li>
        ))}
      </ul>
    </div>
  )
}

function TemplatePreview({ template, previewContacts, campaign }: { template: Template; previewContacts: readonly Contact[]; campaign: { id: string; name: string } }) {
  const companies = useCompanies()
  const [contactId, setContactId] = useState('')
  const [device, setDevice] = useState<'desktop' | 'mobile'>('desktop')
  const choices = previewContacts.length > 0 ? previewContacts : [SAMPLE_CONTACT]
  const contact = choices.find((candidate) => candidate.id === contactId) ?? choices[0]!
  const company: Company | null = useMemo(() => companies?.find((candidate) => candidate.id === contact.companyId) ?? null, [companies, contact])

  const rendered = useMemo((): { email: RenderedEmail } | { error: string } => {
    const compiled = compileEmail(template)
    if (!compiled.ok) return { error: compiled.error[0]?.message ?? 'The template has errors.' }
    try {
      return { email: renderEmail(compiled.value, { contact, company, campaign, unsubscribeUrl: '#unsubscribe-preview' }) }
    } catch (error) {
      // Render limits (time, memory) throw: show it rather than break the step.
      return { error: error instanceof Error ? error.message : String(error) }
    }
  }, [template, contact, company, campaign])

  return (
    <div className="flex min-w-0 flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="campaign-preview-contact" className="text-xs font-medium text-slate-600">
          Preview as
        </label>
        <div className="w-72 max-w-full">
          <select id="campaign-preview-contact" value={contact.id} onChange={(event) => setContactId(event.target.value)} className={inputClass}>
            {choices.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate === SAMPLE_CONTACT ? 'A sample contact (Alex Sample)' : `${contactDisplayName(candidate)}${candidate.email ? ` · ${candidate.email}` : ''}`}
              </option>
            ))}
          </select>
        </div>
        <div className="ml-auto">
          <SegmentedControl
            label="Preview width"
            value={device}
            onChange={setDevice}
            options={[
              { id: 'desktop', label: 'Desktop' },
              { id: 'mobile', label: 'Mobile' },
            ]}
          />
        </div>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-slate-100 p-4">
        {'error' in rendered ? (
          <p role="alert" className="py-10 text-center text-sm text-red-700">
            Preview unavailable: {rendered.error}
          </p>
        ) : (
          <EmailPreviewCard
            width={PREVIEW_WIDTHS[device]}
            srcDoc={previewHtml(rendered.email)}
            frameClassName="h-[30rem]"
            className="rounded-md"
            envelope={
              <div className="border-b border-slate-100 px-3 py-2 text-xs">
                <p className="truncate font-medium text-slate-900">{rendered.email.subject || '(no subject)'}</p>
                <p className="truncate text-slate-500">To: {contact.email || 'no email'}</p>
              </div>
            }
          />
        )}
      </div>
    </div>
  )
}
