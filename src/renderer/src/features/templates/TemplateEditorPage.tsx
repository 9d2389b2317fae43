import { useCallback, useDeferredValue, useId, useLayoutEffect, useMemo, useRef, useState, type Ref } from 'react'
import type { Template } from '@core/schema'
import { TEMPLATE_LIMITS } from '@core/schema'
import { checkTemplate, type TemplateIssue } from '@core/templates/emailTemplate'
import { mergeTagsFor } from '@core/templates/mergeTags'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { useData } from '../../data/dataContext'
import { useCustomFieldDefinitions, useRxDocument } from '../../data/hooks'
import { patchSyncedDoc } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { EmptyState } from '../../ui/EmptyState'
import { inputClass } from '../../ui/Field'
import { EditorHeader } from '../segments/EditorHeader'
import { useAutosavedDraft } from '../segments/useAutosavedDraft'
import { useSendingSettings } from '../settings/useSendingSettings'
import { CodeEditor, type CodeEditorHandle } from './CodeEditor'
import { MergeTagPicker } from './MergeTagPicker'
import { TemplatePreview } from './TemplatePreview'
import { createTemplate, deleteTemplate } from './TemplatesPage'

export function TemplateEditorPage({ id }: { id: string }) {
  const { db } = useData()
  const template = useRxDocument<Template>(() => db.templates.findOne(id), [db, id])
  if (template === undefined) return <p className="px-6 py-4 text-sm text-slate-500">Loading…</p>
  if (template === null) {
    return (
      <EmptyState title="This template was deleted or does not exist" action={<Button onClick={() => navigate({ name: 'templates' })}>Back to templates</Button>}>
        It may have been deleted on this device or another one.
      </EmptyState>
    )
  }
  return <TemplateEditor key={template.id} template={template} />
}

type TemplateDraft = Pick<Template, 'name' | 'subject' | 'preheader' | 'fromName' | 'fromEmail' | 'html'>
type TextTarget = 'subject' | 'preheader' | 'html'

const TARGET_LABELS: Record<TextTarget, string> = { subject: 'the subject', preheader: 'the preheader', html: 'the body' }

function TemplateEditor({ template }: { template: Template }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const customFields = useCustomFieldDefinitions()
  const stored = useMemo<TemplateDraft>(
    () => ({
      name: template.name,
      subject: template.subject,
      preheader: template.preheader,
      fromName: template.fromName,
      fromEmail: template.fromEmail,
      html: template.html,
    }),
    [template.name, template.subject, template.preheader, template.fromName, template.fromEmail, template.html],
  )
  const save = useCallback(
    async (draft: TemplateDraft) => {
      // The schema needs a name: a blank one is not stored, and the field says so.
      const { name, ...rest } = draft
      await patchSyncedDoc<Template>(db.templates, template.id, name.trim() ? draft : rest)
    },
    [db, template.id],
  )
  const { draft, update, status, flush } = useAutosavedDraft(stored, save)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const [target, setTarget] = useState<TextTarget>('html')
  const editorRef = useRef<CodeEditorHandle>(null)
  const subjectRef = useRef<HTMLInputElement>(null)
  const preheaderRef = useRef<HTMLInputElement>(null)
  const pendingCaret = useRef<{ target: TextTarget; position: number } | null>(null)
  const displayName = draft.name.trim() || template.name

  const deferred = useDeferredValue(draft)
  const issues = useMemo(() => checkTemplate(deferred, customFields), [deferred, customFields])
  const mergeTags = useMemo(() => mergeTagsFor(customFields), [customFields])
  const markedLines = useMemo(() => new Set(issues.filter((issue) => issue.field === 'html' && issue.code !== 'missingUnsubscribe').map((issue) => issue.line)), [issues])

  const set = <K extends keyof TemplateDraft>(key: K, value: TemplateDraft[K]) => update((current) => ({ ...current, [key]: value }))
  const elementFor = (field: TextTarget): HTMLInputElement | HTMLTextAreaElement | null =>
    field === 'html' ? (editorRef.current?.textarea() ?? null) : field === 'subject' ? subjectRef.current : preheaderRef.current

  const insertTag = (snippet: string) => {
    const element = elementFor(target)
    const value = element?.value ?? draft[target]
    const start = element?.selectionStart ?? value.length
    const end = element?.selectionEnd ?? start
    pendingCaret.current = { target, position: start + snippet.length }
    set(target, value.slice(0, start) + snippet + value.slice(end))
  }
  // After an insert renders, the caret goes right after the tag so typing continues there.
  useLayoutEffect(() => {
    const pending = pendingCaret.current
    if (!pending) return
    pendingCaret.current = null
    const element = elementFor(pending.target)
    element?.focus()
    element?.setSelectionRange(pending.position, pending.position)
  })

  const jumpTo = (issue: TemplateIssue) => {
    if (issue.field === 'html') editorRef.current?.selectLine(issue.line)
    else (issue.field === 'subject' ? subjectRef.current : preheaderRef.current)?.focus()
  }

  const duplicate = async () => {
    await flush()
    await createTemplate(db, dispatch, { ...template, ...draft, name: displayName })
  }
  const remove = async () => {
    setConfirmingDelete(false)
    await flush()
    if (await deleteTemplate(db, dispatch, template)) navigate({ name: 'templates' })
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <EditorHeader
        parentLabel="Templates"
        parentHref={routePath({ name: 'templates' })}
        title={displayName}
        status={status}
        onDelete={() => setConfirmingDelete(true)}
        deleteLabel="Delete"
        actions={<Button onClick={() => void duplicate()}>Duplicate</Button>}
      />
      <div className="grid min-h-0 flex-1 grid-cols-1 overflow-y-auto xl:grid-cols-[minmax(0,1fr)_41rem] xl:overflow-hidden">
        <div className="flex min-w-0 flex-col gap-4 px-6 py-5 xl:min-h-0 xl:overflow-x-hidden xl:overflow-y-auto xl:border-r xl:border-slate-200">
          <div className="flex flex-col gap-1">
            <input
              aria-label="Template name"
              value={draft.name}
              maxLength={TEMPLATE_LIMITS.name}
              onChange={(event) => set('name', event.target.value)}
              placeholder="Name this template"
              aria-invalid={draft.name.trim() === ''}
              className="-mx-2 rounded-md border border-transparent px-2 py-1 text-xl font-semibold tracking-tight text-slate-900 placeholder:text-slate-400 hover:border-slate-200 focus:border-accent-500 focus:ring-2 focus:ring-accent-100 focus:outline-none"
            />
            {draft.name.trim() === '' ? (
              <p role="alert" className="text-xs text-red-600">
                Give it a name; the last one is kept until you do.
              </p>
            ) : null}
          </div>
          <div className="grid grid-cols-2 gap-3">
            <LabeledInput
              className="col-span-2"
              label="Subject"
              inputRef={subjectRef}
              value={draft.subject}
              maxLength={TEMPLATE_LIMITS.subject}
              onChange={(value) => set('subject', value)}
              onFocus={() => setTarget('subject')}
              placeholder="What the inbox shows first"
            />
            <LabeledInput
              className="col-span-2"
              label="Preheader"
              inputRef={preheaderRef}
              value={draft.preheader}
              maxLength={TEMPLATE_LIMITS.preheader}
              onChange={(value) => set('preheader', value)}
              onFocus={() => setTarget('preheader')}
              placeholder="The line shown after the subject in most inboxes"
            />
            <SenderFields
              fromName={draft.fromName}
              fromEmail={draft.fromEmail}
              onChange={(sender) => update((current) => ({ ...current, ...sender }))}
            />
          </div>
          <div className="flex min-h-[28rem] flex-1 flex-col gap-2">
            <div className="flex items-center justify-between gap-2">
              <span className="text-xs font-medium text-slate-600">HTML body</span>
              <MergeTagPicker tags={mergeTags} target={TARGET_LABELS[target]} onPick={insertTag} />
            </div>
            <CodeEditor
              ref={editorRef}
              label="HTML body"
              value={draft.html}
              maxLength={TEMPLATE_LIMITS.html}
              onChange={(value) => set('html', value)}
              onFocus={() => setTarget('html')}
              markedLines={markedLines}
            />
          </div>
          <IssuesPanel issues={issues} onJump={jumpTo} />
        </div>
        <div className="flex min-h-[40rem] flex-col xl:min-h-0">
          <TemplatePreview template={deferred} />
        </div>
      </div>
      <ConfirmDialog
        open={confirmingDelete}
        title={`Delete ${displayName}?`}
        message="Campaigns using it will need another template. You can undo right after."
        confirmLabel="Delete template"
        onConfirm={() => void remove()}
        onCancel={() => setConfirmingDelete(false)}
      />
    </div>
  )
}

function LabeledInput({
  label,
  value,
  onChange,
  onFocus,
  inputRef,
  className = '',
  ...props
}: {
  label: string
  value: string
  onChange: (value: string) => void
  onFocus?: () => void
  inputRef?: Ref<HTMLInputElement>
  className?: string
  maxLength?: number
  placeholder?: string
  type?: string
  list?: string
}) {
  const id = useId()
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      <input id={id} ref={inputRef} value={value} onChange={(event) => onChange(event.target.value)} onFocus={onFocus} className={inputClass} {...props} />
    </div>
  )
}

/** From name and address: suggestions from the workspace's sending identities, free text always allowed. */
function SenderFields({
  fromName,
  fromEmail,
  onChange,
}: {
  fromName: string
  fromEmail: string
  onChange: (sender: Partial<Pick<TemplateDraft, 'fromName' | 'fromEmail'>>) => void
}) {
  const listId = useId()
  const { fromIdentities } = useSendingSettings()
  const known = fromIdentities.find((identity) => identity.email.toLowerCase() === fromEmail.trim().toLowerCase())
  return (
    <>
      <LabeledInput label="From name" value={fromName} maxLength={TEMPLATE_LIMITS.fromName} onChange={(value) => onChange({ fromName: value })} placeholder="Your team" />
      <div className="flex flex-col gap-1">
        <LabeledInput
          label="From email"
          type="email"
          list={listId}
          value={fromEmail}
          maxLength={TEMPLATE_LIMITS.fromEmail}
          onChange={(value) => {
            const identity = fromIdentities.find((candidate) => candidate.email.toLowerCase() === value.trim().toLowerCase())
            // Picking a known identity fills its name too, unless one was typed already.
            onChange(identity && !fromName.trim() ? { fromEmail: value, fromName: identity.name } : { fromEmail: value })
          }}
          placeholder={fromIdentities[0]?.email ?? 'news@yourcompany.com'}
        />
        <datalist id={listId}>
          {fromIdentities.map((identity) => (
            <option key={identity.email} value={identity.email}>
              {identity.name}
            </option>
          ))}
        </datalist>
        {fromEmail.trim() && fromIdentities.length > 0 && !known ? (
          <p className="text-xs text-amber-700">Not one of the sending identities in Settings; the server may refuse it.</p>
        ) : null}
      </div>
    </>
  )
}

function IssuesPanel({ issues, onJump }: { issues: readonly TemplateIssue[]; onJump: (issue: TemplateIssue) => void }) {
  if (issues.length === 0) {
    return (
      <p role="status" aria-label="Template check" className="flex items-center gap-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        <span aria-hidden>✓</span> No problems found: merge tags are known and the unsubscribe link is in place.
      </p>
    )
  }
  const errors = issues.filter((issue) => issue.severity === 'error').length
  return (
    <section aria-labelledby="template-issues-heading" className="rounded-md border border-slate-200">
      <h2 id="template-issues-heading" className="border-b border-slate-100 px-3 py-2 text-xs font-semibold text-slate-700">
        {errors > 0 ? `${errors} ${errors === 1 ? 'problem' : 'problems'} to fix` : 'Warnings'}
        {issues.length > errors ? ` · ${issues.length - errors} ${issues.length - errors === 1 ? 'warning' : 'warnings'}` : ''}
      </h2>
      <ul aria-label="Template issues" className="max-h-48 divide-y divide-slate-100 overflow-y-auto">
        {issues.map((issue, position) => (
          <li key={position}>
            <button
              type="button"
              onClick={() => onJump(issue)}
              className="flex w-full items-baseline gap-2 px-3 py-1.5 text-left text-sm hover:bg-slate-50 focus-visible:bg-accent-50 focus-visible:outline-none"
            >
              <span aria-hidden className={`h-2 w-2 shrink-0 translate-y-[-1px] rounded-full ${issue.severity === 'error' ? 'bg-red-500' : 'bg-amber-500'}`} />
              <span className="min-w-0 text-slate-800">{issueLabel(issue)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

export function issueLabel(issue: TemplateIssue): string {
  if (issue.field === 'html') return issue.code === 'missingUnsubscribe' ? issue.message : `Line ${issue.line}: ${issue.message}`
  return `${issue.field === 'subject' ? 'Subject' : 'Preheader'}: ${issue.message}`
}
