// Placeholder: being built.
export function ContactDetailPage(_props: { id?: string }) {
  return null
}
