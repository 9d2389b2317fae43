import { useEffect, useId, useRef, useState, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react'
import { inputClass } from '../../ui/Field'

/** Saves a value; resolves to the message to show next to the field, or null when it was saved. */
export type SaveField = (value: string) => Promise<string | null>

const rowClass = 'grid grid-cols-[7.5rem_minmax(0,1fr)] items-start gap-2 px-4 py-1'
const labelClass = 'truncate pt-1.5 text-sm text-slate-500'
const valueButtonClass =
  'block min-h-8 w-full truncate rounded-md px-2 py-1.5 text-left text-sm text-slate-900 hover:bg-slate-100 focus-visible:bg-slate-100'

function FieldError({ id, message }: { id: string; message: string | null }) {
  return message ? (
    <p id={id} role="alert" className="px-0.5 pt-1 text-xs text-red-600">
      {message}
    </p>
  ) : null
}

export interface InlineTextFieldProps {
  label: string
  /** The stored value, as the input should show it when editing starts. */
  value: string
  /** How the value reads when not editing (defaults to the value itself). */
  display?: ReactNode
  placeholder?: string
  type?: 'text' | 'email' | 'tel' | 'date'
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode']
  onSave: SaveField
}

/**
 * Reads like text; click or Enter turns it into an input. Enter or leaving the field saves,
 * Escape cancels. An invalid value keeps the input open with the message beside it.
 */
export function InlineTextField({ label, value, display, placeholder = 'Empty', type = 'text', inputMode, onSave }: InlineTextFieldProps) {
  const id = useId()
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(value)
  const [error, setError] = useState<string | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  // Removing the focused input fires blur in some browsers: once the edit ended, that blur must not save again.
  const settled = useRef(false)
  const saving = useRef(false)
  const refocusButton = useRef(false)

  useEffect(() => {
    if (!editing && refocusButton.current) {
      refocusButton.current = false
      buttonRef.current?.focus()
    }
  }, [editing])

  const start = () => {
    settled.current = false
    setDraft(value)
    setError(null)
    setEditing(true)
  }
  const finish = (returnFocus: boolean) => {
    settled.current = true
    refocusButton.current = returnFocus
    setError(null)
    setEditing(false)
  }
  const commit = async (returnFocus: boolean) => {
    if (settled.current || saving.current) return
    if (draft === value) return finish(returnFocus)
    saving.current = true
    try {
      const message = await onSave(draft)
      if (message) setError(message)
      else finish(returnFocus)
    } finally {
      saving.current = false
    }
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      void commit(true)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      finish(true)
    }
  }

  return (
    <div className={rowClass}>
      <span id={`${id}-label`} className={labelClass}>
        {label}
      </span>
      {editing ? (
        <div>
          <input
            autoFocus
            type={type}
            inputMode={inputMode}
            value={draft}
            onChange={(event) => {
              setDraft(event.target.value)
              setError(null)
            }}
            onKeyDown={onKeyDown}
            onBlur={() => void commit(false)}
            aria-labelledby={`${id}-label`}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? `${id}-error` : undefined}
            className={inputClass}
          />
          <FieldError id={`${id}-error`} message={error} />
        </div>
      ) : (
        <button
          ref={buttonRef}
          id={`${id}-value`}
          type="button"
          onClick={start}
          aria-labelledby={`${id}-label ${id}-value`}
          // Long values (emails) are cut to one line; the full text is a hover away.
          title={value || undefined}
          className={valueButtonClass}
        >
          {value ? (display ?? value) : <span className="text-slate-400">{placeholder}</span>}
        </button>
      )}
    </div>
  )
}

export interface InlineSelectFieldProps {
  label: string
  value: string
  options: readonly { value: string; label: string }[]
  onSave: SaveField
}

/** A native select dressed as text until hovered or focused: one keystroke to change, saved on change. */
export function InlineSelectField({ label, value, options, onSave }: InlineSelectFieldProps) {
  const id = useId()
  const [error, setError] = useState<string | null>(null)
  return (
    <div className={rowClass}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <div>
        <select
          id={id}
          value={value}
          onChange={async (event) => {
            setError(null)
            setError(await onSave(event.target.value))
          }}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          className="h-8 w-full cursor-pointer truncate rounded-md border border-transparent bg-transparent px-1.5 text-sm text-slate-900 hover:border-slate-300 hover:bg-white focus:border-accent-500 focus:bg-white focus:ring-2 focus:ring-accent-100 focus:outline-none"
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-error`} message={error} />
      </div>
    </div>
  )
}

/** A label/value row for content that edits itself (tags). */
export function InlineFieldRow({ label, labelId, children }: { label: string; labelId?: string; children: ReactNode }) {
  return (
    <div className={rowClass}>
      <span id={labelId} className={labelClass}>
        {label}
      </span>
      <div className="min-w-0">{children}</div>
    </div>
  )
}
