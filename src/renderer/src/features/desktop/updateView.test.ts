import { describeUpdateNotice, updateToast } from './updateView'

describe('update notice', () => {
  it('stays silent while the app checks on its own, and shows a check the user asked for', () => {
    expect(describeUpdateNotice({ state: 'checking', userInitiated: false })).toBeNull()
    expect(describeUpdateNotice({ state: 'checking', userInitiated: true })).toMatchObject({ text: 'Checking for updates…' })
  })

  it('shows download progress, rounded', () => {
    expect(describeUpdateNotice({ state: 'available', version: '1.2.0', userInitiated: false })).toEqual({ tone: 'info', text: 'Downloading Outpost 1.2.0…', percent: 0 })
    expect(describeUpdateNotice({ state: 'downloading', version: '1.2.0', percent: 42.6, userInitiated: false })).toEqual({
      tone: 'info',
      text: 'Downloading update…',
      percent: 43,
    })
  })

  it('offers the restart once downloaded', () => {
    expect(describeUpdateNotice({ state: 'downloaded', version: '1.2.0', userInitiated: false })).toMatchObject({
      tone: 'ready',
      text: 'Outpost 1.2.0 is ready',
      action: 'restart',
    })
  })

  it('explains a failure the user will care about, and keeps a quiet start-up check quiet', () => {
    const message = 'Could not reach the update server. Check your internet connection and try again.'
    expect(describeUpdateNotice({ state: 'error', message, userInitiated: false })).toBeNull()
    expect(describeUpdateNotice({ state: 'error', message, userInitiated: true })).toEqual({ tone: 'error', text: 'Update failed', detail: message, action: 'retry' })
    expect(describeUpdateNotice({ state: 'error', message, version: '1.2.0', userInitiated: false })).toMatchObject({ tone: 'error', detail: message })
  })

  it('has nothing to say when idle, up to date or disabled', () => {
    for (const state of ['idle', 'not-available', 'disabled'] as const) {
      expect(describeUpdateNotice({ state, userInitiated: true })).toBeNull()
    }
  })
})

describe('update toast', () => {
  it('says "up to date" only to a user who asked', () => {
    expect(updateToast({ state: 'not-available', version: '0.1.0', userInitiated: true })).toBe('Outpost is up to date (version 0.1.0).')
    expect(updateToast({ state: 'not-available', version: '0.1.0', userInitiated: false })).toBeNull()
    expect(updateToast({ state: 'downloaded', userInitiated: true })).toBeNull()
  })
})
