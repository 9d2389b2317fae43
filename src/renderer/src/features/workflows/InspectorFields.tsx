import { useId, useState, type ReactNode } from 'react'
import { FieldShell, inputClass } from '../../ui/Field'
import type { Choice } from './useBuilderChoices'

// The small controls the trigger and step inspectors are made of. Numbers are clamped to the
// schema's bounds as they are typed, so a document the builder writes always validates.

export function PickerField({
  label,
  value,
  options,
  placeholder,
  onChange,
  hint,
  error,
}: {
  label: string
  value: string
  options: readonly Choice[]
  placeholder: string
  onChange: (value: string) => void
  hint?: ReactNode
  error?: string | undefined
}) {
  const known = value === '' || options.some((option) => option.value === value)
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {(ids) => (
        <select {...ids} value={value} onChange={(event) => onChange(event.target.value)} className={`${inputClass} pr-7`}>
          <option value="">{placeholder}</option>
          {known ? null : <option value={value}>(deleted)</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  )
}

export function TextInput({
  label,
  value,
  onChange,
  maxLength,
  placeholder,
  hint,
  suggestions,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  maxLength: number
  placeholder?: string
  hint?: ReactNode
  /** Offered as a datalist (tags in use, time zones). */
  suggestions?: readonly string[]
}) {
  const listId = useId()
  return (
    <FieldShell label={label} hint={hint}>
      {(ids) => (
        <>
          <input
            {...ids}
            value={value}
            maxLength={maxLength}
            placeholder={placeholder}
            list={suggestions ? listId : undefined}
            onChange={(event) => onChange(event.target.value)}
            className={inputClass}
          />
          {suggestions ? (
            <datalist id={listId}>
              {suggestions.slice(0, 200).map((suggestion) => (
                <option key={suggestion} value={suggestion} />
              ))}
            </datalist>
          ) : null}
        </>
      )}
    </FieldShell>
  )
}

export function TextAreaInput({ label, value, onChange, maxLength }: { label: string; value: string; onChange: (value: string) => void; maxLength: number }) {
  return (
    <FieldShell label={label}>
      {(ids) => <textarea {...ids} value={value} maxLength={maxLength} rows={4} onChange={(event) => onChange(event.target.value)} className={`${inputClass} h-auto py-1.5`} />}
    </FieldShell>
  )
}

/** An integer field; what is typed stays on screen while it is unfinished ("-", ""), the stored value is clamped. */
export function NumberInput({
  label,
  value,
  min,
  max,
  onChange,
  hint,
}: {
  label: string
  value: number
  min: number
  max: number
  onChange: (value: number) => void
  hint?: ReactNode
}) {
  const [text, setText] = useState(String(value))
  // What is typed wins while it means the stored value or is unfinished; a change from elsewhere shows as stored.
  const shown = Number.parseInt(text, 10) === value || text === '' || text === '-' ? text : String(value)
  return (
    <FieldShell label={label} hint={hint}>
      {(ids) => (
        <input
          {...ids}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          value={shown}
          onChange={(event) => {
            setText(event.target.value)
            const parsed = Number.parseInt(event.target.value, 10)
            if (Number.isFinite(parsed)) onChange(Math.min(max, Math.max(min, parsed)))
          }}
          onBlur={() => setText(String(value))}
          className={inputClass}
        />
      )}
    </FieldShell>
  )
}

export function CheckboxInput({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: ReactNode }) {
  const id = useId()
  return (
    <div className="flex items-start gap-2">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} className="mt-0.5 h-4 w-4 rounded border-slate-300 accent-accent-600" />
      <label htmlFor={id} className="text-sm text-slate-700">
        {label}
        {hint ? <span className="block text-xs text-slate-500">{hint}</span> : null}
      </label>
    </div>
  )
}

const HOURS: Choice[] = Array.from({ length: 25 }, (_, hour) => ({ value: String(hour), label: `${String(hour).padStart(2, '0')}:00` }))

export function HourPicker({ label, value, onChange, max = 23 }: { label: string; value: number; onChange: (hour: number) => void; max?: number }) {
  return (
    <FieldShell label={label}>
      {(ids) => (
        <select {...ids} value={String(value)} onChange={(event) => onChange(Number(event.target.value))} className={`${inputClass} pr-7`}>
          {HOURS.slice(0, max + 1).map((hour) => (
            <option key={hour.value} value={hour.value}>
              {hour.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  )
}

/** Every IANA zone the runtime knows, for the time zone inputs' suggestions. */
export const TIME_ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return ['UTC']
  }
})()

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}
