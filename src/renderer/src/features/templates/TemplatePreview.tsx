import { useDeferredValue, useId, useMemo, useState, type KeyboardEvent } from 'react'
import { SegmentedControl } from '../../ui/SegmentedControl'
import type { Company, Contact, Template } from '@core/schema'
import { compileEmail, renderEmail, type RenderedEmail, type TemplateIssue } from '@core/templates/emailTemplate'
import { previewHtml } from '@core/templates/previewDocument'
import { EMPTY_CONTACT_QUERY } from '../../data/contactIndex'
import { useData } from '../../data/dataContext'
import { useCompanies, useContactIndexVersion } from '../../data/hooks'
import { inputClass } from '../../ui/Field'
import { contactDisplayName } from '../contacts/contactDisplay'
import { EmailPreviewCard } from './EmailPreviewCard'

type PreviewSource = Pick<Template, 'subject' | 'preheader' | 'html' | 'fromName' | 'fromEmail'>

const WIDTHS = { desktop: 600, mobile: 375 } as const
type Width = keyof typeof WIDTHS

/** Who the preview is addressed to when the workspace has no contacts yet. */
export const SAMPLE_CONTACT: Contact = {
  id: 'sample',
  email: 'alex@example.com',
  firstName: 'Alex',
  lastName: 'Sample',
  phone: '',
  title: 'Head of Marketing',
  companyId: '',
  tags: ['newsletter'],
  lifecycleStage: 'lead',
  customFields: {},
  createdAt: 0,
  updatedAt: 0,
  _clock: {},
}
const SAMPLE_COMPANY: Company = {
  id: 'sample',
  name: 'Example Inc.',
  domain: 'example.com',
  industry: 'Software',
  phone: '',
  city: 'Oslo',
  country: 'Norway',
  tags: [],
  createdAt: 0,
  updatedAt: 0,
  _clock: {},
}
const PREVIEW_CAMPAIGN = { id: 'preview', name: 'Preview campaign' }
const PREVIEW_UNSUBSCRIBE_URL = 'https://example.com/unsubscribe'

export type PreviewResult = { ok: true; email: RenderedEmail; preheader: string } | { ok: false; issues: TemplateIssue[] }

/** The email as `contact` would receive it (preheader rendered on its own for the envelope line). */
export function renderPreview(template: PreviewSource, contact: Contact, company: Company | null): PreviewResult {
  const compiled = compileEmail(template)
  if (!compiled.ok) return { ok: false, issues: compiled.error }
  const data = { contact, company, campaign: PREVIEW_CAMPAIGN, unsubscribeUrl: PREVIEW_UNSUBSCRIBE_URL }
  try {
    const email = renderEmail(compiled.value, data)
    const preheaderCompiled = compileEmail({ subject: template.preheader || ' ', preheader: '', html: '' })
    const preheader = preheaderCompiled.ok ? renderEmail(preheaderCompiled.value, data).subject : template.preheader
    return { ok: true, email, preheader }
  } catch (error) {
    // Liquid stops runaway templates (render time and memory limits) by throwing.
    return { ok: false, issues: [{ field: 'html', line: 1, column: 1, message: String(error instanceof Error ? error.message : error), severity: 'error' }] }
  }
}

/** The rendered email for a chosen contact, at desktop or phone width, as HTML or plain text. */
export function TemplatePreview({ template }: { template: PreviewSource }) {
  const { contacts: index } = useData()
  const version = useContactIndexVersion(index)
  const companies = useCompanies()
  const [contactId, setContactId] = useState<string | null>(null)
  const [width, setWidth] = useState<Width>('desktop')
  const [tab, setTab] = useState<'html' | 'text'>('html')
  const deferred = useDeferredValue(template)

  const contact = useMemo(() => {
    void version
    const chosen = contactId ? index.get(contactId) : undefined
    if (chosen) return chosen
    const first = index.query(EMPTY_CONTACT_QUERY)[0]
    return (first ? index.get(first) : undefined) ?? SAMPLE_CONTACT
  }, [contactId, index, version])
  const company = useMemo(() => {
    if (contact === SAMPLE_CONTACT) return SAMPLE_COMPANY
    return companies?.find((candidate) => candidate.id === contact.companyId) ?? null
  }, [contact, companies])
  const preview = useMemo(() => renderPreview(deferred, contact, company), [deferred, contact, company])
  const srcDoc = useMemo(() => (preview.ok ? previewHtml(preview.email) : ''), [preview])

  return (
    <section aria-label="Preview" className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2">
        <ContactPicker contact={contact} isSample={contact === SAMPLE_CONTACT} onChoose={setContactId} />
        <div className="ml-auto flex items-center gap-2">
          <SegmentedControl label="Preview format" value={tab} onChange={setTab} options={FORMAT_OPTIONS} />
          <SegmentedControl label="Preview width" value={width} onChange={setWidth} options={WIDTH_OPTIONS} />
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-auto bg-slate-100 p-4">
        {preview.ok ? (
          <EmailPreviewCard
            width={WIDTHS[width]}
            srcDoc={srcDoc}
            frameClassName="h-[70vh] min-h-96"
            envelope={
              <dl className="border-b border-slate-200 px-4 py-3 text-sm">
                <div className="flex gap-2">
                  <dt className="w-20 shrink-0 text-slate-500">From</dt>
                  <dd className="min-w-0 truncate text-slate-800">{senderLabel(template) || <span className="text-slate-400">No sender yet</span>}</dd>
                </div>
                <div className="flex gap-2">
                  <dt className="w-20 shrink-0 text-slate-500">To</dt>
                  <dd className="min-w-0 truncate text-slate-800">{contact.email || contactDisplayName(contact)}</dd>
                </div>
                <div className="mt-1 flex gap-2">
                  <dt className="w-20 shrink-0 text-slate-500">Subject</dt>
                  <dd data-testid="preview-subject" className="min-w-0 font-semibold text-slate-900">
                    {preview.email.subject || <span className="font-normal text-slate-400">No subject</span>}
                  </dd>
                </div>
                {preview.preheader ? (
                  <div className="flex gap-2">
                    <dt className="w-20 shrink-0 text-slate-500">Preheader</dt>
                    <dd className="min-w-0 truncate text-slate-600">{preview.preheader}</dd>
                  </div>
                ) : null}
              </dl>
            }
          >
            {tab === 'text' ? (
              <pre aria-label="Plain-text version" className="min-h-96 overflow-x-auto px-4 py-3 font-mono text-[13px] leading-5 whitespace-pre-wrap text-slate-800">
                {preview.email.text}
              </pre>
            ) : null}
          </EmailPreviewCard>
        ) : (
          <div role="alert" className="mx-auto max-w-md rounded-lg border border-red-200 bg-white px-4 py-3 text-sm">
            <p className="font-medium text-red-700">The preview appears once these are fixed:</p>
            <ul className="mt-2 list-disc pl-5 text-slate-700">
              {preview.issues.map((issue, position) => (
                <li key={position}>
                  {issue.field === 'html' ? `Line ${issue.line}` : issue.field === 'subject' ? 'Subject' : 'Preheader'}: {issue.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  )
}

function senderLabel(template: PreviewSource): string {
  if (template.fromName && template.fromEmail) return `${template.fromName} <${template.fromEmail}>`
  return template.fromEmail || template.fromName
}

const FORMAT_OPTIONS = [
  { id: 'html', label: 'HTML' },
  { id: 'text', label: 'Text' },
] as const
const WIDTH_OPTIONS = [
  { id: 'desktop', label: 'Desktop' },
  { id: 'mobile', label: 'Mobile' },
] as const

const MAX_MATCHES = 8

/** "Preview as": search contacts by name or email and pick one. */
function ContactPicker({ contact, isSample, onChoose }: { contact: Contact; isSample: boolean; onChoose: (id: string) => void }) {
  const { contacts: index } = useData()
  const listId = useId()
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const matches = useMemo(() => {
    if (!open) return []
    return index
      .query({ ...EMPTY_CONTACT_QUERY, text })
      .slice(0, MAX_MATCHES)
      .flatMap((id) => {
        const match = index.get(id)
        return match ? [match] : []
      })
  }, [index, text, open])
  const choose = (chosen: Contact | undefined) => {
    if (!chosen) return
    onChoose(chosen.id)
    setText('')
    setOpen(false)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setOpen(true)
      setActive((position) => Math.min(matches.length - 1, position + 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((position) => Math.max(0, position - 1))
    } else if (event.key === 'Enter' && open) {
      event.preventDefault()
      choose(matches[active])
    } else if (event.key === 'Escape') {
      setOpen(false)
      setText('')
    }
  }
  if (isSample && index.size === 0) {
    return <p className="text-xs text-slate-500">Previewing with sample data: add contacts to preview as a real person.</p>
  }
  return (
    <div className="relative flex items-center gap-2">
      <span className="text-xs text-slate-500">Preview as</span>
      <div className="relative w-64">
        <input
          role="combobox"
          aria-label="Preview as contact"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
          value={text}
          placeholder={`${contactDisplayName(contact)}${contact.email && contact.firstName ? ` · ${contact.email}` : ''}`}
          onChange={(event) => {
            setText(event.target.value)
            setOpen(true)
            setActive(0)
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          className={`${inputClass} h-7 placeholder:text-slate-700`}
        />
        {open ? (
          <ul id={listId} role="listbox" aria-label="Contacts" className="absolute top-full left-0 z-30 mt-1 w-80 rounded-lg border border-slate-200 bg-white py-1 shadow-xl">
            {matches.length === 0 ? <li className="px-3 py-2 text-sm text-slate-500">No contact matches.</li> : null}
            {matches.map((match, position) => (
              <li
                key={match.id}
                id={`${listId}-${position}`}
                role="option"
                aria-selected={position === active}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(match)}
                onMouseEnter={() => setActive(position)}
                className={`cursor-pointer px-3 py-1.5 text-sm ${position === active ? 'bg-accent-50' : ''}`}
              >
                <span className="block truncate text-slate-900">{contactDisplayName(match)}</span>
                <span className="block truncate text-xs text-slate-500">{match.email}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  )
}
