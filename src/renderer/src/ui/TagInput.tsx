import { useId, useState, type KeyboardEvent } from 'react'
import { inputClass } from './Field'

export interface TagInputProps {
  label: string
  tags: readonly string[]
  onChange: (tags: string[]) => void
  suggestions?: readonly string[]
  error?: string | undefined
}

/** Tags as chips: Enter or comma adds, Backspace on an empty input removes the last. */
export function TagInput({ label, tags, onChange, suggestions = [], error }: TagInputProps) {
  const id = useId()
  const [draft, setDraft] = useState('')
  const add = (raw: string) => {
    const tag = raw.trim().toLowerCase()
    if (tag && !tags.includes(tag)) onChange([...tags, tag])
    setDraft('')
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      if (draft.trim()) {
        event.preventDefault()
        add(draft)
      }
    } else if (event.key === 'Backspace' && draft === '' && tags.length > 0) {
      onChange(tags.slice(0, -1))
    }
  }
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-1">
        {tags.map((tag) => (
          <span key={tag} className="inline-flex items-center gap-1 rounded-full bg-accent-50 px-2 py-0.5 text-xs text-accent-700">
            {tag}
            <button
              type="button"
              aria-label={`Remove tag ${tag}`}
              className="rounded-full px-0.5 text-accent-700 hover:bg-accent-100"
              onClick={() => onChange(tags.filter((existing) => existing !== tag))}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <input
        id={id}
        list={`${id}-suggestions`}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => draft.trim() && add(draft)}
        placeholder="Add a tag and press Enter"
        aria-invalid={Boolean(error)}
        className={inputClass}
      />
      <datalist id={`${id}-suggestions`}>
        {suggestions
          .filter((tag) => !tags.includes(tag))
          .slice(0, 50)
          .map((tag) => (
            <option key={tag} value={tag} />
          ))}
      </datalist>
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  )
}
