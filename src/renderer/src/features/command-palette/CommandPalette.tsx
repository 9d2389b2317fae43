// Placeholder: being built.
export function CommandPalette(_props: { id?: string }) {
  return null
}
