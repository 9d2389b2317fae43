import { ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  isEventChannel,
  isInvokeChannel,
  type EventChannel,
  type EventPayload,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResponse,
  type OutpostBridge,
} from '../shared/ipc-contract'

// Runtime checks as well as types: the page is untrusted JS and can call the bridge with anything.
export const outpostBridge = {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResponse<C>> {
    if (!isInvokeChannel(channel)) throw new Error(`outpost.invoke: unknown channel ${String(channel)}`)
    return ipcRenderer.invoke(channel, args[0]) as Promise<InvokeResponse<C>>
  },
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
    if (!isEventChannel(channel)) throw new Error(`outpost.on: unknown channel ${String(channel)}`)
    if (typeof listener !== 'function') throw new Error('outpost.on: listener must be a function')
    // The IpcRendererEvent carries `sender` (ipcRenderer itself); never hand it to the page.
    const forward = (_event: IpcRendererEvent, payload: EventPayload<C>): void => listener(payload)
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  },
} satisfies OutpostBridge
