import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron'
import {
  eventContract,
  invokeChannels,
  invokeContract,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
} from '../shared/ipc-contract'
import type { AppOrigin } from './app-origin'

/** One handler per contract channel; the compiler reports a channel added to the contract but not handled here. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (payload: InvokeRequest<C>) => InvokeResponse<C> | Promise<InvokeResponse<C>>
}

export type SenderGuard = (frame: WebFrameMain | null) => boolean

/** Only the main window's top frame, showing the app itself, may call main: not an iframe, not a page it navigated to. */
export function createSenderGuard(getMainWebContents: () => WebContents | null, appOrigin: AppOrigin): SenderGuard {
  return (frame) => {
    const contents = getMainWebContents()
    if (!frame || !contents || contents.isDestroyed()) return false
    const mainFrame = contents.mainFrame
    const isMainFrame =
      frame === mainFrame || (frame.processId === mainFrame.processId && frame.frameToken === mainFrame.frameToken)
    return isMainFrame && appOrigin.isAppUrl(frame.url)
  }
}

function registerInvokeHandler<C extends InvokeChannel>(
  ipcMain: Pick<IpcMain, 'handle'>,
  channel: C,
  handler: InvokeHandlers[C],
  isTrustedSender: SenderGuard,
): void {
  const { request, response } = invokeContract[channel]
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
    // Throwing rejects the renderer's invoke() with this message; nothing else runs.
    if (!isTrustedSender(event.senderFrame)) {
      throw new Error(`IPC ${channel} refused: the sender is not the Outpost window`)
    }
    const parsed = request.safeParse(payload)
    if (!parsed.success) {
      throw new Error(`IPC ${channel} refused: invalid payload (${parsed.error.issues.map((issue) => issue.message).join('; ')})`)
    }
    const result = await handler(parsed.data as InvokeRequest<C>)
    // Checked on the way out too, so a main-side bug cannot leak an off-contract shape.
    return response.parse(result)
  })
}

/** The one place IPC handlers are registered: every contract channel, each behind the sender guard and its schema. */
export function registerInvokeHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: InvokeHandlers,
  isTrustedSender: SenderGuard,
): void {
  for (const channel of invokeChannels) {
    registerInvokeHandler(ipcMain, channel, handlers[channel], isTrustedSender)
  }
}

/** Main -> renderer events go through the contract schema, like invokes do. */
export function sendToRenderer<C extends EventChannel>(contents: WebContents, channel: C, payload: EventPayload<C>): void {
  if (contents.isDestroyed()) return
  contents.send(channel, eventContract[channel].parse(payload))
}
