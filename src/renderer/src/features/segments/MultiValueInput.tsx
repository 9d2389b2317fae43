import { useId, useState, type KeyboardEvent } from 'react'
import { inputClass } from '../../ui/Field'

export interface MultiValueInputProps {
  label: string
  values: readonly string[]
  onChange: (values: string[]) => void
  /** Fixed choices (stages, lists, select options): picked from a menu, shown by label. */
  options?: readonly { value: string; label: string }[]
  /** Typed values, with these offered as completions (tags). */
  suggestions?: readonly string[]
  placeholder?: string
  invalid?: boolean
}

/** Several values as chips: typed (Enter or comma adds) or picked from fixed options. */
export function MultiValueInput({ label, values, onChange, options, suggestions = [], placeholder, invalid }: MultiValueInputProps) {
  const id = useId()
  const [draft, setDraft] = useState('')
  const labels = new Map(options?.map((option) => [option.value, option.label]))
  const add = (raw: string) => {
    const value = raw.trim()
    if (value && !values.includes(value)) onChange([...values, value])
    setDraft('')
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if ((event.key === 'Enter' || event.key === ',') && draft.trim()) {
      event.preventDefault()
      add(draft)
    } else if (event.key === 'Backspace' && draft === '' && values.length > 0) {
      onChange(values.slice(0, -1))
    }
  }
  const remaining = options?.filter((option) => !values.includes(option.value)) ?? []
  return (
    <div
      className={`flex min-h-8 w-full flex-wrap items-center gap-1 rounded-md border bg-white px-1.5 py-1 focus-within:border-accent-500 focus-within:ring-2 focus-within:ring-accent-100 ${invalid ? 'border-red-500' : 'border-slate-300'}`}
    >
      {values.map((value) => (
        <span key={value} className="inline-flex max-w-full items-center gap-1 rounded-full bg-accent-50 py-0.5 pr-1 pl-2 text-xs text-accent-800">
          <span className="truncate">{labels.get(value) ?? value}</span>
          <button
            type="button"
            aria-label={`Remove ${labels.get(value) ?? value}`}
            className="rounded-full px-1 text-accent-700 hover:bg-accent-100"
            onClick={() => onChange(values.filter((existing) => existing !== value))}
          >
            ×
          </button>
        </span>
      ))}
      {options ? (
        remaining.length > 0 ? (
          <select
            aria-label={label}
            aria-invalid={invalid}
            value=""
            onChange={(event) => add(event.target.value)}
            className="h-6 min-w-28 flex-1 rounded border-0 bg-transparent px-1 text-sm text-slate-600 focus:outline-none"
          >
            <option value="">{values.length === 0 ? (placeholder ?? 'Choose…') : 'Add another…'}</option>
            {remaining.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        ) : values.length === 0 ? (
          <span className="px-1 text-sm text-slate-400">Nothing to choose from yet</span>
        ) : null
      ) : (
        <>
          <input
            aria-label={label}
            aria-invalid={invalid}
            list={suggestions.length > 0 ? `${id}-suggestions` : undefined}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() => draft.trim() && add(draft)}
            placeholder={values.length === 0 ? (placeholder ?? 'Type and press Enter') : ''}
            className={`${inputClass} h-6 min-w-28 flex-1 border-0 px-1 focus:ring-0`}
          />
          {suggestions.length > 0 ? (
            <datalist id={`${id}-suggestions`}>
              {suggestions
                .filter((suggestion) => !values.includes(suggestion))
                .slice(0, 50)
                .map((suggestion) => (
                  <option key={suggestion} value={suggestion} />
                ))}
            </datalist>
          ) : null}
        </>
      )}
    </div>
  )
}
