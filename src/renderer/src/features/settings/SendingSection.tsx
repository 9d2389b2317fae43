import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react'
import { routePath } from '../../app/router'
import { useAppSelector } from '../../app/store'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { FieldShell, inputClass, SelectField, TextField } from '../../ui/Field'
import { createSendingApi, type SendingFailure, type SendingSettingsAnswer, type SendingTestAnswer } from './sendingApi'
import { formValuesFrom, settingsInputFrom, type SendingFormValues } from './sendingForm'
import { sendingSettingsEntry } from './useSendingSettings'

/** Settings → Sending: how this workspace's mail leaves the server. Admins edit; members read. */
export function SendingSection() {
  const account = useAppSelector((state) => state.sync.account)
  return (
    <section id="sending" aria-labelledby="sending-heading" className="flex scroll-mt-4 flex-col gap-3">
      <div>
        <h2 id="sending-heading" className="text-sm font-semibold text-slate-900">
          Sending
        </h2>
        <p className="mt-0.5 text-sm text-slate-600">The SMTP server, sender addresses and signing your campaigns go out with. Kept on the sync server; passwords and keys never come back to any device.</p>
      </div>
      {account ? (
        <SendingSettingsLoader workspaceId={account.workspaceId} />
      ) : (
        <p className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700">
          Campaigns are sent by the sync server, so sending needs a sync server account.{' '}
          <a className="font-medium text-accent-700 underline" href={routePath({ name: 'settings', section: 'sync' })}>
            Sign in under Settings → Sync
          </a>{' '}
          first.
        </p>
      )}
    </section>
  )
}

function useSendingApi() {
  const { sync } = useData()
  return useMemo(() => createSendingApi((request) => sync.requestWorkspace(request)), [sync])
}

function SendingSettingsLoader({ workspaceId }: { workspaceId: string }) {
  const { sync } = useData()
  const api = useSendingApi()
  const [answer, setAnswer] = useState<SendingSettingsAnswer | null>(null)
  const [failure, setFailure] = useState<SendingFailure | null>(null)
  const load = useCallback(async () => {
    setFailure(null)
    const result = await api.getSettings()
    if (result.ok) {
      setAnswer(result.value)
      sendingSettingsEntry(sync, workspaceId).accept(result.value)
    } else setFailure(result.error)
  }, [api, sync, workspaceId])
  useEffect(() => {
    void load()
  }, [load])

  if (!answer) {
    if (!failure) return <p className="text-sm text-slate-500">Asking the sync server…</p>
    return (
      <div className="flex items-center justify-between gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3">
        <p role="alert" className="text-sm text-slate-800">
          {failure.kind === 'network' ? 'Sending settings live on the sync server, which cannot be reached right now.' : failure.message}
        </p>
        <Button size="sm" onClick={() => void load()}>
          Try again
        </Button>
      </div>
    )
  }
  return (
    <SendingSettingsForm
      key={answer.settings.updatedAt ?? 0}
      answer={answer}
      onSaved={(saved) => {
        setAnswer(saved)
        sendingSettingsEntry(sync, workspaceId).accept(saved)
      }}
    />
  )
}

function routeSummary(answer: SendingSettingsAnswer): string {
  if (!answer.configured) return 'Nothing can send mail right now: no SMTP server is set and the server’s built-in test inbox is not running.'
  if (answer.source === 'workspace') return 'Mail goes out through this workspace’s SMTP server.'
  if (answer.source === 'server') return 'Mail goes out through the SMTP server the sync server was set up with.'
  return 'Test mode: no SMTP server is set, so mail is caught by the sync server and shown under Outbox below. Nobody receives it.'
}

const MODE_OPTIONS = [
  { value: 'sink', label: 'Server default (test inbox unless the server has SMTP)' },
  { value: 'smtp', label: 'This workspace’s SMTP server' },
] as const

function SendingSettingsForm({ answer, onSaved }: { answer: SendingSettingsAnswer; onSaved: (answer: SendingSettingsAnswer) => void }) {
  const api = useSendingApi()
  const [values, setValues] = useState<SendingFormValues>(() => formValuesFrom(answer))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [savedNotice, setSavedNotice] = useState(false)
  const readOnly = !answer.canEdit
  const { settings } = answer

  const update = <K extends keyof SendingFormValues>(key: K, value: SendingFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }))
    setSavedNotice(false)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setErrors({})
    setFormError(null)
    const input = settingsInputFrom(values)
    if (!input.ok) {
      setErrors({ [input.error.field]: input.error.message })
      return
    }
    setSaving(true)
    const result = await api.saveSettings(input.value)
    setSaving(false)
    if (result.ok) {
      setSavedNotice(true)
      onSaved(result.value)
      return
    }
    const field = result.error.field
    if (field !== undefined && isFormField(field)) setErrors({ [field]: capitalize(result.error.message) })
    else setFormError(result.error.message)
  }

  const passwordHint = settings.hasPassword && !values.clearPassword ? '••• saved: leave empty to keep it' : undefined

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="flex flex-col gap-5 rounded-lg border border-slate-200 p-4" aria-label="Sending settings">
      <p role="status" className="text-sm text-slate-700">
        {routeSummary(answer)}
      </p>
      {answer.problem ? (
        <p role="alert" className="text-sm text-red-700">
          {answer.problem}
        </p>
      ) : null}
      {readOnly ? <p className="text-sm text-slate-500">Only owners and admins change sending settings.</p> : null}

      <fieldset disabled={readOnly} className="flex flex-col gap-4">
        <SelectField label="Transport" value={values.mode} options={MODE_OPTIONS} onChange={(event) => update('mode', event.target.value as SendingFormValues['mode'])} error={errors.mode} />

        {/* The server default needs no SMTP fields: they only appear for an SMTP server of the workspace's own. */}
        {values.mode === 'smtp' ? (
          <div className="flex flex-col gap-3">
            <div role="radiogroup" aria-label="Enter the SMTP server as" className="flex gap-4 text-sm text-slate-700">
              <label className="flex items-center gap-1.5">
                <input type="radio" name="smtpFormat" checked={values.smtpFormat === 'fields'} onChange={() => update('smtpFormat', 'fields')} />
                Host and port
              </label>
              <label className="flex items-center gap-1.5">
                <input type="radio" name="smtpFormat" checked={values.smtpFormat === 'url'} onChange={() => update('smtpFormat', 'url')} />
                SMTP URL
              </label>
            </div>
            {values.smtpFormat === 'url' ? (
              <TextField
                label="SMTP URL"
                value={values.url}
                placeholder="smtp://user:password@smtp.example.com:587"
                onChange={(event) => update('url', event.target.value)}
                error={errors['smtp.url'] ?? errors.smtp}
                hint={settings.hasPassword && values.url.includes(':***@') ? 'The *** stands for the saved password: leave it to keep it.' : 'smtps:// for TLS from the start (port 465).'}
                autoComplete="off"
                spellCheck={false}
              />
            ) : (
              <div className="grid grid-cols-[1fr_7rem] gap-3">
                <TextField label="SMTP host" value={values.host} placeholder="smtp.example.com" onChange={(event) => update('host', event.target.value)} error={errors['smtp.host'] ?? errors.smtp} />
                <TextField label="Port" inputMode="numeric" value={values.port} onChange={(event) => update('port', event.target.value)} error={errors['smtp.port']} />
                <TextField label="User name" value={values.user} autoComplete="off" onChange={(event) => update('user', event.target.value)} error={errors['smtp.user']} />
                <label className="flex items-end gap-1.5 pb-1.5 text-sm text-slate-700">
                  <input type="checkbox" checked={values.secure} onChange={(event) => update('secure', event.target.checked)} />
                  TLS (465)
                </label>
              </div>
            )}
            <div className="flex items-end gap-2">
              <div className="flex-1">
                <TextField
                  label="SMTP password"
                  type="password"
                  value={values.password}
                  placeholder={passwordHint ? '••• saved' : ''}
                  autoComplete="new-password"
                  onChange={(event) => {
                    update('password', event.target.value)
                    update('clearPassword', false)
                  }}
                  error={errors['smtp.password']}
                  hint={values.clearPassword ? 'The saved password will be removed when you save.' : passwordHint}
                />
              </div>
              {settings.hasPassword && !values.clearPassword ? (
                <Button variant="danger-ghost" onClick={() => setValues((current) => ({ ...current, password: '', clearPassword: true }))}>
                  Clear password
                </Button>
              ) : null}
            </div>
          </div>
        ) : null}

        <IdentitiesEditor values={values} errors={errors} onChange={(identities) => update('identities', identities)} />

        <div className="flex flex-col gap-3">
          <label className="flex items-center gap-1.5 text-sm text-slate-700">
            <input type="checkbox" checked={values.dkimEnabled} onChange={(event) => update('dkimEnabled', event.target.checked)} />
            Sign messages with DKIM
          </label>
          {values.dkimEnabled ? (
            <>
              <div className="grid grid-cols-2 gap-3">
                <TextField label="DKIM domain" value={values.domainName} placeholder="example.com" onChange={(event) => update('domainName', event.target.value)} error={errors['dkim.domainName']} />
                <TextField label="Key selector" value={values.keySelector} placeholder="outpost" onChange={(event) => update('keySelector', event.target.value)} error={errors['dkim.keySelector']} />
              </div>
              <FieldShell
                label="DKIM private key (PEM)"
                error={errors['dkim.privateKey']}
                hint={settings.hasDkimKey && !values.clearPrivateKey ? '••• saved: paste a new key only to replace it' : 'Stored encrypted on the server; it is never shown again.'}
              >
                {(ids) => (
                  <textarea
                    {...ids}
                    value={values.privateKey}
                    rows={4}
                    spellCheck={false}
                    placeholder={settings.hasDkimKey && !values.clearPrivateKey ? '••• saved' : '-----BEGIN PRIVATE KEY-----'}
                    onChange={(event) => {
                      update('privateKey', event.target.value)
                      update('clearPrivateKey', false)
                    }}
                    className={`${inputClass} h-auto py-1.5 font-mono text-xs`}
                  />
                )}
              </FieldShell>
            </>
          ) : null}
        </div>

        <div className="w-40">
          <TextField label="Messages per second" inputMode="numeric" value={values.ratePerSecond} onChange={(event) => update('ratePerSecond', event.target.value)} error={errors.ratePerSecond} />
        </div>
      </fieldset>

      {formError ? (
        <p role="alert" className="text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      {readOnly ? null : (
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save sending settings'}
          </Button>
          {savedNotice ? (
            <span role="status" className="text-sm text-emerald-700">
              Saved.
            </span>
          ) : null}
        </div>
      )}
      {readOnly ? null : <SendTestEmail />}
    </form>
  )
}

function IdentitiesEditor({ values, errors, onChange }: { values: SendingFormValues; errors: Record<string, string>; onChange: (identities: SendingFormValues['identities']) => void }) {
  const identities = values.identities
  const set = (index: number, key: 'name' | 'email', value: string) => onChange(identities.map((identity, at) => (at === index ? { ...identity, [key]: value } : identity)))
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-xs font-medium text-slate-600">Sender identities</h3>
      {identities.length === 0 ? <p className="text-sm text-slate-500">No sender yet: add the name and address your campaigns come from.</p> : null}
      <ul className="flex flex-col gap-2">
        {identities.map((identity, index) => (
          <li key={index} className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
            <TextField label={`Sender ${index + 1} name`} value={identity.name} placeholder="Acme Team" onChange={(event) => set(index, 'name', event.target.value)} error={errors[`fromIdentities.${index}.name`]} />
            <TextField
              label={`Sender ${index + 1} email`}
              type="email"
              value={identity.email}
              placeholder="news@acme.com"
              onChange={(event) => set(index, 'email', event.target.value)}
              error={errors[`fromIdentities.${index}.email`]}
            />
            <Button variant="danger-ghost" aria-label={`Remove sender ${index + 1}`} onClick={() => onChange(identities.filter((_, at) => at !== index))}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <div>
        <Button size="sm" onClick={() => onChange([...identities, { name: '', email: '' }])}>
          Add sender
        </Button>
      </div>
    </div>
  )
}

function SendTestEmail() {
  const api = useSendingApi()
  const account = useAppSelector((state) => state.sync.account)
  const [to, setTo] = useState(account?.user.email ?? '')
  const [sending, setSending] = useState(false)
  const [result, setResult] = useState<SendingTestAnswer | { ok: false; error: string } | null>(null)
  const send = async () => {
    setSending(true)
    setResult(null)
    const answer = await api.sendTest(to.trim())
    setSending(false)
    setResult(answer.ok ? answer.value : { ok: false, error: answer.error.message })
  }
  return (
    <div className="flex flex-col gap-2 border-t border-slate-100 pt-4">
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <TextField label="Send a test email to" type="email" value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
        <Button onClick={() => void send()} disabled={sending || to.trim() === ''}>
          {sending ? 'Sending…' : 'Send test email'}
        </Button>
      </div>
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className={`text-sm ${result.ok ? 'text-emerald-700' : 'text-red-700'}`}>
          {result.ok
            ? 'mode' in result && result.mode === 'sink'
              ? 'Sent to the test inbox: see Outbox below.'
              : `Sent. Check the inbox of ${to.trim()}.`
            : `Not sent: ${result.error}`}
        </p>
      ) : null}
    </div>
  )
}

const FIELD_NAMES: ReadonlySet<string> = new Set(['mode', 'smtp', 'smtp.url', 'smtp.host', 'smtp.port', 'smtp.user', 'smtp.password', 'dkim.domainName', 'dkim.keySelector', 'dkim.privateKey', 'ratePerSecond'])

/** Whether the form has an input to show this server field's error beside. */
function isFormField(field: string): boolean {
  return FIELD_NAMES.has(field) || /^fromIdentities\.\d+\.(name|email)$/.test(field)
}

function capitalize(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1)
}
