// Placeholder: being built.
export function CompanyFormDialog(_props: { id?: string }) {
  return null
}
