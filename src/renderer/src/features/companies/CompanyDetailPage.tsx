// Placeholder: being built.
export function CompanyDetailPage(_props: { id?: string }) {
  return null
}
