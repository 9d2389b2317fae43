import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react'

export const inputClass =
  'h-8 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 placeholder:text-slate-400 focus:border-accent-500 focus:ring-2 focus:ring-accent-100 focus:outline-none aria-[invalid=true]:border-red-500 aria-[invalid=true]:ring-red-100'

interface FieldShellProps {
  label: string
  error?: string | undefined
  hint?: ReactNode
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode
}

/** Label, control and the message next to it: errors are shown where the user is looking. */
export function FieldShell({ label, error, hint, children }: FieldShellProps) {
  const id = useId()
  const messageId = `${id}-message`
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': error || hint ? messageId : undefined })}
      {error ? (
        <p id={messageId} role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p id={messageId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  )
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string
  error?: string | undefined
  hint?: ReactNode
}

export function TextField({ label, error, hint, className = '', ...props }: TextFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint}>
      {(ids) => <input {...ids} {...props} className={`${inputClass} ${className}`} />}
    </FieldShell>
  )
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string
  error?: string | undefined
  options: readonly { value: string; label: string }[]
}

export function SelectField({ label, error, options, className = '', ...props }: SelectFieldProps) {
  return (
    <FieldShell label={label} error={error}>
      {(ids) => (
        <select {...ids} {...props} className={`${inputClass} ${className}`}>
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
