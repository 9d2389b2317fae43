import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { useAppSelector } from '../../app/store'
import { useData } from '../../data/dataContext'
import { DEFAULT_SERVER_URL } from '../../data/sync/syncController'
import { Button } from '../../ui/Button'
import { TextField } from '../../ui/Field'
import { PASSWORD_MIN, validateLogIn, validateSignUp, type AccountFormErrors, type AccountFormValues } from './syncForms'

type Busy = 'log-in' | 'sign-up' | null

/**
 * Signed out: one server address, one email and password, and two ways on — log in, or create
 * an account (plus a workspace) with the same email and password.
 */
export function SyncSignInForm() {
  const { sync } = useData()
  const lastServerUrl = useAppSelector((state) => state.sync.lastServerUrl)
  const signedOutReason = useAppSelector((state) => state.sync.signedOutReason)
  const localDataUnclaimed = useAppSelector((state) => state.sync.localDataUnclaimed)
  const [values, setValues] = useState<AccountFormValues>(() => ({
    serverUrl: lastServerUrl || DEFAULT_SERVER_URL,
    email: '',
    password: '',
    name: '',
    workspaceName: '',
  }))
  const [errors, setErrors] = useState<AccountFormErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState<Busy>(null)

  const set = (patch: Partial<AccountFormValues>) => {
    setValues((current) => ({ ...current, ...patch }))
    setErrors((current) => {
      const next = { ...current }
      for (const key of Object.keys(patch) as (keyof AccountFormValues)[]) delete next[key]
      return next
    })
    setFormError(null)
  }

  const submit = async (action: 'log-in' | 'sign-up') => {
    if (busy) return
    const checked = action === 'log-in' ? validateLogIn(values) : validateSignUp(values)
    if (!checked.ok) {
      // Log in ignores the sign-up fields, so their old errors must not linger.
      setErrors(checked.error)
      setFormError(null)
      return
    }
    setErrors({})
    setFormError(null)
    setBusy(action)
    const result = action === 'log-in' ? await sync.logIn(checked.value) : await sync.signUp(checked.value)
    setBusy(null)
    if (!result.ok) setFormError(result.error)
  }

  const onLogIn = (event: FormEvent) => {
    event.preventDefault()
    void submit('log-in')
  }

  const signUpOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return
    event.preventDefault()
    void submit('sign-up')
  }

  return (
    <form onSubmit={onLogIn} noValidate aria-label="Sign in to a sync server" className="rounded-lg border border-slate-200">
      {signedOutReason === 'expired' ? (
        <p role="alert" className="border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900">
          The server ended your session. Sign in again — changes you made meanwhile are kept on this device and sync once you are back.
        </p>
      ) : null}
      <div className="flex flex-col gap-4 px-4 py-4">
        <div className="max-w-md">
          <TextField
            label="Server URL"
            value={values.serverUrl}
            onChange={(event) => set({ serverUrl: event.target.value })}
            error={errors.serverUrl}
            hint="Your team's Outpost sync server. Plain http:// works only for a server on this computer."
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
          />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label="Email"
            type="email"
            value={values.email}
            onChange={(event) => set({ email: event.target.value })}
            error={errors.email}
            autoComplete="username"
            spellCheck={false}
          />
          <TextField
            label="Password"
            type="password"
            value={values.password}
            onChange={(event) => set({ password: event.target.value })}
            error={errors.password}
            autoComplete="current-password"
          />
        </div>
        <div className="flex items-center gap-3">
          <Button variant="primary" type="submit" disabled={busy !== null}>
            Log in
          </Button>
          {busy === 'log-in' ? (
            <span className="text-xs text-slate-500">Contacting the server…</span>
          ) : localDataUnclaimed ? (
            <span className="text-xs text-slate-500">The first workspace you sign into receives what is already on this device.</span>
          ) : null}
        </div>
      </div>
      <div className="flex flex-col gap-3 border-t border-slate-200 bg-slate-50/60 px-4 py-4">
        <div>
          <h3 className="text-sm font-medium text-slate-900">New to this server?</h3>
          <p className="mt-0.5 text-sm text-slate-600">
            Create an account with the email and password above (at least {PASSWORD_MIN} characters) and a workspace for your team.
            {localDataUnclaimed ? ' What is on this device now goes into it.' : ' It starts empty; what is on this device stays with the workspace it belongs to.'}
          </p>
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label="Name"
            value={values.name}
            onChange={(event) => set({ name: event.target.value })}
            onKeyDown={signUpOnEnter}
            error={errors.name}
            hint="Shown to your teammates."
            autoComplete="name"
            maxLength={100}
          />
          <TextField
            label="Workspace name"
            value={values.workspaceName}
            onChange={(event) => set({ workspaceName: event.target.value })}
            onKeyDown={signUpOnEnter}
            error={errors.workspaceName}
            placeholder="Acme marketing"
            autoComplete="organization"
            maxLength={100}
          />
        </div>
        <div className="flex items-center gap-3">
          <Button onClick={() => void submit('sign-up')} disabled={busy !== null}>
            Sign up
          </Button>
          {busy === 'sign-up' ? <span className="text-xs text-slate-500">Creating your account…</span> : null}
        </div>
      </div>
      {formError ? (
        <p role="alert" className="border-t border-red-200 bg-red-50 px-4 py-2.5 text-sm text-red-800">
          {formError}
        </p>
      ) : null}
    </form>
  )
}
