// Placeholder: being built.
export function CompaniesPage(_props: { id?: string }) {
  return null
}
