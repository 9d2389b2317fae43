import { createSlice, type PayloadAction } from '@reduxjs/toolkit'

export type RecordDialog = { mode: 'create' } | { mode: 'edit'; id: string } | null

export interface Toast {
  id: number
  message: string
  /** Whether an undo action is registered for this toast (see undoRegistry). */
  undoable: boolean
  tone: 'info' | 'error'
}

export interface UiState {
  commandPaletteOpen: boolean
  contactDialog: RecordDialog
  companyDialog: RecordDialog
  toasts: Toast[]
}

const initialState: UiState = {
  commandPaletteOpen: false,
  contactDialog: null,
  companyDialog: null,
  toasts: [],
}

let nextToastId = 1

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    commandPaletteToggled(state, action: PayloadAction<boolean | undefined>) {
      state.commandPaletteOpen = action.payload ?? !state.commandPaletteOpen
    },
    contactDialogSet(state, action: PayloadAction<RecordDialog>) {
      state.contactDialog = action.payload
    },
    companyDialogSet(state, action: PayloadAction<RecordDialog>) {
      state.companyDialog = action.payload
    },
    toastShown: {
      reducer(state, action: PayloadAction<Toast>) {
        state.toasts = [...state.toasts.slice(-2), action.payload]
      },
      prepare(payload: { message: string; undoable?: boolean; tone?: Toast['tone'] }) {
        return { payload: { id: nextToastId++, message: payload.message, undoable: payload.undoable ?? false, tone: payload.tone ?? 'info' } }
      },
    },
    toastDismissed(state, action: PayloadAction<number>) {
      state.toasts = state.toasts.filter((toast) => toast.id !== action.payload)
    },
  },
})

export const { commandPaletteToggled, contactDialogSet, companyDialogSet, toastShown, toastDismissed } = uiSlice.actions
