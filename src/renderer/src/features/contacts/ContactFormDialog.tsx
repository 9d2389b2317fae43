// Placeholder: being built.
export function ContactFormDialog(_props: { id?: string }) {
  return null
}
