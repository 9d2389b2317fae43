import { useId, useState, type KeyboardEvent } from 'react'
import { FieldShell, inputClass } from './Field'

export interface PickerOption {
  id: string
  label: string
  detail?: string
}

export interface RecordPickerProps {
  label: string
  placeholder: string
  /** The chosen record, or null. */
  selected: PickerOption | null
  /** Matches for what was typed (the caller caps the count). */
  search: (text: string) => PickerOption[]
  onSelect: (option: PickerOption | null) => void
  error?: string | undefined
}

/**
 * A searchable single choice of a record (100,000 contacts do not fit a select), as a combobox:
 * type, arrows, Enter picks, Escape closes the list (not the dialog around it). Once chosen, the
 * record shows as a chip with a button to clear it.
 */
export function RecordPicker({ label, placeholder, selected, search, onSelect, error }: RecordPickerProps) {
  return (
    <FieldShell label={label} error={error}>
      {(field) => <RecordPickerControl field={field} label={label} placeholder={placeholder} selected={selected} search={search} onSelect={onSelect} />}
    </FieldShell>
  )
}

type FieldProps = { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }

function RecordPickerControl({ field, label, placeholder, selected, search, onSelect }: Omit<RecordPickerProps, 'error'> & { field: FieldProps }) {
  const { id } = field
  const listId = useId()
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const options = open ? search(text) : []

  const choose = (option: PickerOption | undefined) => {
    if (!option) return
    onSelect(option)
    setText('')
    setOpen(false)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setOpen(true)
      setActive((index) => Math.min(Math.max(0, options.length - 1), index + 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((index) => Math.max(0, index - 1))
    } else if (event.key === 'Enter' && open && options.length > 0) {
      // Enter picks here instead of submitting the form around the picker.
      event.preventDefault()
      choose(options[active])
    } else if (event.key === 'Escape' && open) {
      // Close the list, not the dialog around it.
      event.preventDefault()
      event.stopPropagation()
      setOpen(false)
    }
  }

  return (
    <>
      {selected ? (
        <div className="flex h-8 items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-2.5 text-sm">
          <span className="min-w-0 flex-1 truncate text-slate-900" id={id}>
            {selected.label}
            {selected.detail ? <span className="ml-1.5 text-xs text-slate-500">{selected.detail}</span> : null}
          </span>
          <button
            type="button"
            onClick={() => onSelect(null)}
            aria-label={`Remove ${label.toLowerCase()} ${selected.label}`}
            className="rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-800"
          >
            ×
          </button>
        </div>
      ) : (
        <div className="relative">
          <input
            {...field}
            role="combobox"
            aria-expanded={open && options.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && options[active] ? `${id}-${options[active].id}` : undefined}
            placeholder={placeholder}
            value={text}
            onChange={(event) => {
              setText(event.target.value)
              setOpen(true)
              setActive(0)
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
            className={inputClass}
          />
          {open && options.length > 0 ? (
            <ul
              id={listId}
              role="listbox"
              aria-label={`${label} matches`}
              className="absolute top-full right-0 left-0 z-10 mt-1 max-h-56 overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
            >
              {options.map((option, index) => (
                <li
                  key={option.id}
                  id={`${id}-${option.id}`}
                  role="option"
                  aria-selected={index === active}
                  // mousedown, not click: the input's blur would close the list first.
                  onMouseDown={(event) => {
                    event.preventDefault()
                    choose(option)
                  }}
                  onMouseEnter={() => setActive(index)}
                  className={`cursor-pointer px-2.5 py-1.5 text-sm ${index === active ? 'bg-accent-50 text-slate-900' : 'text-slate-700'}`}
                >
                  <span className="block truncate">{option.label}</span>
                  {option.detail ? <span className="block truncate text-xs text-slate-500">{option.detail}</span> : null}
                </li>
              ))}
            </ul>
          ) : open && text.trim() ? (
            <p className="absolute top-full right-0 left-0 z-10 mt-1 rounded-md border border-slate-200 bg-white px-2.5 py-2 text-sm text-slate-500 shadow-lg">No matches</p>
          ) : null}
        </div>
      )}
    </>
  )
}
