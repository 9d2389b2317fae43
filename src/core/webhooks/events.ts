// Outbound webhook event types (issue 8): what a workspace admin may subscribe an endpoint to.
export const WEBHOOK_EVENT_TYPES = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'deal.stage_changed',
  'deal.won',
  'deal.lost',
  'campaign.sent',
  'email.opened',
  'email.clicked',
  'email.bounced',
  'contact.unsubscribed',
  'workflow.completed',
  'workflow.webhook_step',
  'task.created',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'contact.created': 'Contact created',
  'contact.updated': 'Contact updated',
  'contact.deleted': 'Contact deleted',
  'deal.stage_changed': 'Deal stage changed',
  'deal.won': 'Deal won',
  'deal.lost': 'Deal lost',
  'campaign.sent': 'Campaign sent',
  'email.opened': 'Email opened',
  'email.clicked': 'Email clicked',
  'email.bounced': 'Email bounced',
  'contact.unsubscribed': 'Contact unsubscribed',
  'workflow.completed': 'Workflow completed',
  'workflow.webhook_step': 'Workflow "call webhook" step',
  'task.created': 'Task created',
}

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value)
}
