import { contextBridge } from 'electron'
import { outpostBridge } from './bridge'

// The page sees window.outpost and nothing else: no ipcRenderer, no Node, no generic send.
contextBridge.exposeInMainWorld('outpost', outpostBridge)
