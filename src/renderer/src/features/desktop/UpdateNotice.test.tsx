import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Provider } from 'react-redux'
import { makeStore } from '../../app/store'
import { platform } from '../../platform'
import type { UpdateStatus } from '../../platform/platform'
import { Toasts } from '../../ui/Toasts'
import { UpdateNotice } from './UpdateNotice'

function setup(initial: UpdateStatus = { state: 'idle', userInitiated: false }) {
  let listener: ((status: UpdateStatus) => void) | null = null
  vi.spyOn(platform, 'onUpdateStatus').mockImplementation((next) => {
    listener = next
    return () => {
      listener = null
    }
  })
  vi.spyOn(platform, 'getUpdateStatus').mockResolvedValue(initial)
  const install = vi.spyOn(platform, 'installUpdate').mockResolvedValue({ ok: true })
  const check = vi.spyOn(platform, 'checkForUpdates').mockResolvedValue({ ok: true })
  render(
    <Provider store={makeStore()}>
      <UpdateNotice />
      <Toasts />
    </Provider>,
  )
  const emit = (status: UpdateStatus) =>
    act(() => {
      if (!listener) throw new Error('UpdateNotice is not listening')
      listener(status)
    })
  return { emit, install, check }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('UpdateNotice', () => {
  it('shows nothing where updates are disabled (development, browser)', async () => {
    setup({ state: 'disabled', userInitiated: false })
    await act(async () => undefined)
    expect(screen.queryByRole('status', { name: 'Update' })).not.toBeInTheDocument()
  })

  it('shows download progress quietly in the sidebar', async () => {
    const { emit } = setup()
    emit({ state: 'downloading', version: '1.2.0', percent: 42, userInitiated: false })
    const notice = await screen.findByRole('status', { name: 'Update' })
    expect(notice).toHaveTextContent('Downloading update…42%')
    expect(within(notice).getByRole('progressbar', { name: 'Update download' })).toHaveAttribute('aria-valuenow', '42')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('asks to restart when the update is downloaded: Later keeps it for later, Restart now installs', async () => {
    const user = userEvent.setup()
    const { emit, install } = setup()
    emit({ state: 'downloaded', version: '1.2.0', userInitiated: false })
    const dialog = await screen.findByRole('dialog', { name: 'Restart to update' })
    expect(dialog).toHaveTextContent('Outpost 1.2.0 has been downloaded.')
    expect(dialog).toHaveTextContent('installed the next time you quit Outpost')
    await user.click(within(dialog).getByRole('button', { name: 'Later' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(install).not.toHaveBeenCalled()

    const notice = screen.getByRole('status', { name: 'Update' })
    expect(notice).toHaveTextContent('Outpost 1.2.0 is ready')
    await user.click(within(notice).getByRole('button', { name: 'Restart to update…' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Restart now' }))
    expect(install).toHaveBeenCalledTimes(1)
  })

  it('explains when the restart cannot happen', async () => {
    const user = userEvent.setup()
    const { emit, install } = setup()
    install.mockResolvedValueOnce({ ok: false, error: 'No update has been downloaded yet.' })
    emit({ state: 'downloaded', version: '1.2.0', userInitiated: false })
    await user.click(await screen.findByRole('button', { name: 'Restart now' }))
    expect(await screen.findByText('Could not restart to update: No update has been downloaded yet.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Restart now' })).toBeEnabled()
  })

  it('does not pop the dialog on a page load that finds the update already downloaded', async () => {
    setup({ state: 'downloaded', version: '1.2.0', userInitiated: false })
    expect(await screen.findByRole('status', { name: 'Update' })).toHaveTextContent('Outpost 1.2.0 is ready')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('explains an error the user asked about, with Try again', async () => {
    const user = userEvent.setup()
    const { emit, check } = setup()
    emit({ state: 'error', message: 'Could not reach the update server. Check your internet connection and try again.', userInitiated: true })
    const notice = await screen.findByRole('status', { name: 'Update' })
    expect(notice).toHaveTextContent('Update failed')
    expect(notice).toHaveTextContent('Could not reach the update server.')
    await user.click(within(notice).getByRole('button', { name: 'Try again' }))
    expect(check).toHaveBeenCalledTimes(1)
  })

  it('can dismiss an error', async () => {
    const user = userEvent.setup()
    const { emit } = setup()
    emit({ state: 'error', message: 'The update failed: boom', userInitiated: true })
    await user.click(await screen.findByRole('button', { name: 'Dismiss update error' }))
    expect(screen.queryByRole('status', { name: 'Update' })).not.toBeInTheDocument()
  })

  it('says "up to date" after a check the user asked for', async () => {
    const { emit } = setup()
    emit({ state: 'not-available', version: '0.1.0', userInitiated: true })
    expect(await screen.findByText('Outpost is up to date (version 0.1.0).')).toBeInTheDocument()
  })
})
