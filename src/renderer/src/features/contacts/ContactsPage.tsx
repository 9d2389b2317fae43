// Placeholder: being built.
export function ContactsPage(_props: { id?: string }) {
  return null
}
