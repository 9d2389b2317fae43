import type { Result } from '@core/result'
import { validateServerUrl } from '../../data/sync/syncHttp'

export interface AccountFormValues {
  serverUrl: string
  email: string
  password: string
  name: string
  workspaceName: string
}

export type AccountFormErrors = Partial<Record<keyof AccountFormValues, string>>

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$|^[^\s@]+@localhost$/
export const PASSWORD_MIN = 8
const PASSWORD_MAX = 200
const NAME_MAX = 100
const WORKSPACE_NAME_MAX = 100

function checkEmail(email: string): string | undefined {
  const trimmed = email.trim()
  if (!trimmed) return 'Enter your email address.'
  if (trimmed.length > 254 || !EMAIL_PATTERN.test(trimmed)) return 'Enter an email address like ada@example.com.'
  return undefined
}

export function validateWorkspaceName(name: string): string | undefined {
  const trimmed = name.trim()
  if (!trimmed) return 'Name the workspace, e.g. your team or company.'
  if (trimmed.length > WORKSPACE_NAME_MAX) return `Keep it under ${WORKSPACE_NAME_MAX} characters.`
  return undefined
}

function collect(values: AccountFormValues, errors: AccountFormErrors): Result<AccountFormValues, AccountFormErrors> {
  const present = Object.fromEntries(Object.entries(errors).filter(([, message]) => message !== undefined)) as AccountFormErrors
  return Object.keys(present).length > 0 ? { ok: false, error: present } : { ok: true, value: values }
}

/** Log in needs the server, an email and a password. */
export function validateLogIn(values: AccountFormValues): Result<AccountFormValues, AccountFormErrors> {
  const server = validateServerUrl(values.serverUrl)
  return collect(server.ok ? { ...values, serverUrl: server.value } : values, {
    serverUrl: server.ok ? undefined : server.error,
    email: checkEmail(values.email),
    password: values.password ? undefined : 'Enter your password.',
  })
}

/** Sign up also needs a workspace name and a password of 8–200 characters; the name is optional. */
export function validateSignUp(values: AccountFormValues): Result<AccountFormValues, AccountFormErrors> {
  const server = validateServerUrl(values.serverUrl)
  const password =
    values.password.length < PASSWORD_MIN
      ? `Use at least ${PASSWORD_MIN} characters.`
      : values.password.length > PASSWORD_MAX
        ? `Use at most ${PASSWORD_MAX} characters.`
        : undefined
  return collect(server.ok ? { ...values, serverUrl: server.value } : values, {
    serverUrl: server.ok ? undefined : server.error,
    email: checkEmail(values.email),
    password,
    name: values.name.trim().length > NAME_MAX ? `Keep it under ${NAME_MAX} characters.` : undefined,
    workspaceName: validateWorkspaceName(values.workspaceName),
  })
}

/** Invite codes are pasted from chat: tolerate spaces around them. */
export function validateInviteCode(code: string): string | undefined {
  const trimmed = code.trim()
  if (!trimmed) return 'Paste the invite code a teammate sent you.'
  if (trimmed.length > 200) return 'That is too long for an invite code.'
  return undefined
}
