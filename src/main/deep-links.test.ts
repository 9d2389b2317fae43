import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findDeepLinkInArgv, protocolClientArgs } from './deep-links'

const ID = '01HZX3Q4N8W2M5K7T9V0B1C2D3'

describe('findDeepLinkInArgv', () => {
  it('finds the link among Chromium switches (Windows and Linux launch)', () => {
    expect(findDeepLinkInArgv(['C:\\Outpost\\Outpost.exe', '--allow-file-access-from-files', `outpost://contact/${ID}`])).toEqual({ kind: 'contact', id: ID })
    expect(findDeepLinkInArgv(['/opt/Outpost/outpost', '--no-sandbox', 'outpost://campaigns/', '--enable-features=x'])).toEqual({ kind: 'campaigns' })
  })

  it('returns null for a plain launch, or a development run', () => {
    expect(findDeepLinkInArgv(['/opt/Outpost/outpost'])).toBeNull()
    expect(findDeepLinkInArgv(['/usr/bin/electron', '.', '--inspect'])).toBeNull()
  })

  it('skips a malformed link and takes a valid one after it', () => {
    expect(findDeepLinkInArgv(['outpost', 'outpost://contact/../../etc', `outpost://campaign/${ID}`])).toEqual({ kind: 'campaign', id: ID })
    expect(findDeepLinkInArgv(['app', 'outpost://settings/danger', '--flag=outpost://contact/abc'])).toBeNull()
  })
})

describe('protocolClientArgs', () => {
  const electron = 'C:\\repo\\node_modules\\electron\\dist\\electron.exe'

  it('registers an installed app as is', () => {
    expect(protocolClientArgs({ isPackaged: true, platform: 'win32', execPath: 'C:\\Outpost\\Outpost.exe', argv: ['C:\\Outpost\\Outpost.exe'] })).toEqual({ scheme: 'outpost' })
    expect(protocolClientArgs({ isPackaged: true, platform: 'darwin', execPath: '/Applications/Outpost.app', argv: ['/Applications/Outpost.app'] })).toEqual({ scheme: 'outpost' })
  })

  it('registers a Windows development run as electron plus its script, with an absolute path', () => {
    expect(protocolClientArgs({ isPackaged: false, platform: 'win32', execPath: electron, argv: [electron, '.'] })).toEqual({ scheme: 'outpost', path: electron, args: [resolve('.')] })
  })

  it('does not register macOS or Linux development runs (the bare Electron binary would become the handler)', () => {
    expect(protocolClientArgs({ isPackaged: false, platform: 'darwin', execPath: '/e', argv: ['/e', '.'] })).toBeNull()
    expect(protocolClientArgs({ isPackaged: false, platform: 'linux', execPath: '/e', argv: ['/e', '.'] })).toBeNull()
  })
})
