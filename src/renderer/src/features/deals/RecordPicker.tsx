import { useId, useState, type KeyboardEvent } from 'react'
import { FieldShell, inputClass } from '../../ui/Field'

export interface PickerOption {
  id: string
  label: string
  detail?: string
}

export interface RecordPickerProps {
  label: string
  /** Selected record id; '' for none. */
  value: string
  /** The selected record's label (shown while not searching). */
  selectedLabel: string
  placeholder: string
  /** Up to a handful of matches for the typed text. */
  search: (text: string) => PickerOption[]
  onChange: (id: string) => void
  error?: string | undefined
}

/**
 * A searchable combobox for a link to a contact or company (100k contacts do not fit a select):
 * type to search, arrows to move, Enter to pick, Escape to close; "Clear" unlinks.
 */
export function RecordPicker({ label, value, selectedLabel, placeholder, search, onChange, error }: RecordPickerProps) {
  const listId = useId()
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const options = open && text.trim() ? search(text.trim()) : []

  const pick = (option: PickerOption) => {
    onChange(option.id)
    setText('')
    setOpen(false)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      setOpen(true)
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActive((index) => (options.length === 0 ? 0 : (index + step + options.length) % options.length))
    } else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault()
      pick(options[active])
    } else if (event.key === 'Escape' && open && text) {
      // Closes the list, not the dialog around it.
      event.stopPropagation()
      event.preventDefault()
      setText('')
      setOpen(false)
    }
  }

  return (
    <FieldShell label={label} error={error}>
      {(ids) => (
        <div className="relative">
          <div className="flex items-center gap-2">
            <input
              {...ids}
              role="combobox"
              aria-expanded={options.length > 0}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={options[active] ? `${listId}-${active}` : undefined}
              value={text}
              placeholder={value ? selectedLabel : placeholder}
              onChange={(event) => {
                setText(event.target.value)
                setActive(0)
                setOpen(true)
              }}
              onKeyDown={onKeyDown}
              onBlur={() => setOpen(false)}
              className={`${inputClass} ${value && !text ? 'placeholder:text-slate-900' : ''}`}
            />
            {value ? (
              <button type="button" className="shrink-0 text-xs text-slate-500 hover:text-slate-800" onClick={() => onChange('')}>
                Clear
              </button>
            ) : null}
          </div>
          {options.length > 0 ? (
            <ul id={listId} role="listbox" className="absolute inset-x-0 top-9 z-10 max-h-56 overflow-y-auto rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-900/10">
              {options.map((option, index) => (
                <li
                  key={option.id}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  // mousedown, not click: the input's blur would close the list first.
                  onMouseDown={(event) => {
                    event.preventDefault()
                    pick(option)
                  }}
                  className={`cursor-pointer px-2.5 py-1.5 text-sm ${index === active ? 'bg-accent-50 text-accent-900' : 'text-slate-800'}`}
                >
                  <span className="block truncate">{option.label}</span>
                  {option.detail ? <span className="block truncate text-xs text-slate-500">{option.detail}</span> : null}
                </li>
              ))}
            </ul>
          ) : open && text.trim() ? (
            <p className="absolute inset-x-0 top-9 z-10 rounded-md bg-white px-2.5 py-2 text-sm text-slate-500 shadow-lg ring-1 ring-slate-900/10">No matches</p>
          ) : null}
        </div>
      )}
    </FieldShell>
  )
}
