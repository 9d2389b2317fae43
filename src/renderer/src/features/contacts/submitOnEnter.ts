import type { KeyboardEvent } from 'react'

/**
 * Enter in a text field submits the form even when its submit button sits outside it (dialog
 * footers use `form="…"`). Fields that use Enter themselves (the tag input) call preventDefault first.
 */
export function submitOnEnter(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Enter' || event.defaultPrevented || event.nativeEvent.isComposing) return
  const target = event.target
  if (!(target instanceof HTMLInputElement) || ['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)) return
  event.preventDefault()
  event.currentTarget.requestSubmit()
}
