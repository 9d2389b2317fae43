// Placeholder: Settings → Webhooks (issue 8) replaces this.
export function WebhooksSection() {
  return null
}
