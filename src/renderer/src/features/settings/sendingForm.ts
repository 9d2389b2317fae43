import type { Result } from '@core/result'
import type { SendingSettingsAnswer, SendingSettingsInput } from './sendingApi'

// Settings → Sending's form: the editable values, built from the server's answer and turned back
// into a PUT body. Secrets are never in the answer: an empty secret field means "keep".

export interface SendingFormValues {
  mode: 'sink' | 'smtp'
  smtpFormat: 'fields' | 'url'
  url: string
  host: string
  port: string
  secure: boolean
  user: string
  /** A new password; '' keeps the saved one. */
  password: string
  clearPassword: boolean
  identities: Array<{ name: string; email: string }>
  dkimEnabled: boolean
  domainName: string
  keySelector: string
  /** A new private key; '' keeps the saved one. */
  privateKey: string
  clearPrivateKey: boolean
  ratePerSecond: string
}

export function formValuesFrom(answer: SendingSettingsAnswer): SendingFormValues {
  const { settings } = answer
  const smtp = settings.smtp
  return {
    mode: settings.mode,
    smtpFormat: smtp?.url ? 'url' : 'fields',
    url: smtp?.url ?? '',
    host: smtp?.host ?? '',
    port: smtp ? String(smtp.port) : '587',
    secure: smtp?.secure ?? false,
    user: smtp?.user ?? '',
    password: '',
    clearPassword: false,
    identities: settings.fromIdentities.map((identity) => ({ ...identity })),
    dkimEnabled: settings.dkim !== null,
    domainName: settings.dkim?.domainName ?? '',
    keySelector: settings.dkim?.keySelector ?? '',
    privateKey: '',
    clearPrivateKey: false,
    ratePerSecond: String(settings.ratePerSecond),
  }
}

/** Field errors keyed like the server's (`smtp.port`, `ratePerSecond`); the obvious ones are caught here first. */
export function settingsInputFrom(values: SendingFormValues): Result<SendingSettingsInput, { field: string; message: string }> {
  const rate = Number(values.ratePerSecond)
  if (!Number.isInteger(rate) || rate < 1 || rate > 1000) return { ok: false, error: { field: 'ratePerSecond', message: 'Enter a whole number from 1 to 1000.' } }
  const password = values.clearPassword ? null : values.password === '' ? undefined : values.password
  let smtp: SendingSettingsInput['smtp'] = null
  const smtpEntered = values.smtpFormat === 'url' ? values.url.trim() !== '' : values.host.trim() !== ''
  if (smtpEntered || values.mode === 'smtp') {
    if (values.smtpFormat === 'url') {
      smtp = { url: values.url.trim(), ...(password === undefined ? {} : { password }) }
    } else {
      const port = Number(values.port)
      if (!Number.isInteger(port) || port < 1 || port > 65_535) return { ok: false, error: { field: 'smtp.port', message: 'Enter a port from 1 to 65535 (usually 587 or 465).' } }
      smtp = { host: values.host.trim(), port, secure: values.secure, user: values.user.trim() || null, ...(password === undefined ? {} : { password }) }
    }
  }
  const privateKey = values.clearPrivateKey ? null : values.privateKey.trim() === '' ? undefined : values.privateKey
  return {
    ok: true,
    value: {
      mode: values.mode,
      smtp,
      fromIdentities: values.identities.map((identity) => ({ name: identity.name.trim(), email: identity.email.trim() })),
      dkim: values.dkimEnabled
        ? { domainName: values.domainName.trim(), keySelector: values.keySelector.trim(), ...(privateKey === undefined ? {} : { privateKey }) }
        : null,
      ratePerSecond: rate,
    },
  }
}
