// Placeholder: being built.
export function SettingsPage(_props: { id?: string }) {
  return null
}
