import { validateInviteCode, validateLogIn, validateSignUp, type AccountFormValues } from './syncForms'

const valid: AccountFormValues = {
  serverUrl: 'http://127.0.0.1:3100/',
  email: 'ada@example.com',
  password: 'correct horse',
  name: 'Ada',
  workspaceName: 'Engines',
}

describe('sync account forms', () => {
  it('normalizes the server address of a valid log in and sign up', () => {
    expect(validateLogIn(valid)).toEqual({ ok: true, value: { ...valid, serverUrl: 'http://127.0.0.1:3100' } })
    expect(validateSignUp(valid)).toEqual({ ok: true, value: { ...valid, serverUrl: 'http://127.0.0.1:3100' } })
  })

  it('logs in with any non-empty password but signs up only with 8 to 200 characters', () => {
    expect(validateLogIn({ ...valid, password: 'x' }).ok).toBe(true)
    expect(validateSignUp({ ...valid, password: '1234567' })).toEqual({ ok: false, error: { password: 'Use at least 8 characters.' } })
    expect(validateSignUp({ ...valid, password: 'x'.repeat(201) })).toEqual({ ok: false, error: { password: 'Use at most 200 characters.' } })
  })

  it('ignores the sign-up-only fields when logging in', () => {
    expect(validateLogIn({ ...valid, name: 'x'.repeat(500), workspaceName: '' }).ok).toBe(true)
    expect(validateSignUp({ ...valid, name: '', workspaceName: '  ' })).toEqual({
      ok: false,
      error: { workspaceName: 'Name the workspace, e.g. your team or company.' },
    })
  })

  it('accepts localhost accounts and refuses addresses without a domain', () => {
    expect(validateLogIn({ ...valid, email: 'dev@localhost' }).ok).toBe(true)
    expect(validateLogIn({ ...valid, email: 'ada@example' })).toEqual({ ok: false, error: { email: 'Enter an email address like ada@example.com.' } })
  })

  it('asks for an invite code and tolerates spaces around a pasted one', () => {
    expect(validateInviteCode('   ')).toBe('Paste the invite code a teammate sent you.')
    expect(validateInviteCode('  ABC-123  ')).toBeUndefined()
  })
})
