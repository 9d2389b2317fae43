import { describe, expect, it } from 'vitest'
import { WEBHOOK_EVENT_TYPES } from '@core/webhooks/events'
import { attemptSummary, deliveryTone, endpointState, eventsSummary, nextRetryLabel, webhookUrlProblem } from './webhookDisplay'
import type { WebhookEndpoint } from './webhooksApi'

const endpoint = (overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: 'e1',
  url: 'https://hooks.example.com',
  description: '',
  events: ['contact.created'],
  enabled: true,
  disabledReason: '',
  disabledAt: null,
  consecutiveFailures: 0,
  createdAt: 0,
  updatedAt: 0,
  lastDelivery: null,
  ...overrides,
})

describe('webhook display', () => {
  it('summarises subscribed events', () => {
    expect(eventsSummary([...WEBHOOK_EVENT_TYPES])).toBe('All events')
    expect(eventsSummary(['contact.created', 'deal.won'])).toBe('Contact created, Deal won')
    expect(eventsSummary(['contact.created', 'contact.updated', 'contact.deleted', 'deal.won', 'deal.lost'])).toBe('Contact created, Contact updated, Contact deleted +2 more')
    expect(eventsSummary([])).toBe('No events')
  })

  it('words the endpoint state', () => {
    expect(endpointState(endpoint())).toEqual({ label: 'Active', tone: 'good' })
    expect(endpointState(endpoint({ consecutiveFailures: 3 }))).toEqual({ label: 'Failing (3 in a row)', tone: 'warn' })
    expect(endpointState(endpoint({ enabled: false, disabledReason: 'Disabled after 15 failed attempts' }))).toEqual({ label: 'Disabled', tone: 'bad' })
    expect(endpointState(endpoint({ enabled: false }))).toEqual({ label: 'Paused', tone: 'bad' })
  })

  it('words attempts and retries', () => {
    expect(attemptSummary(500, 1234)).toBe('HTTP 500 · 1,234 ms')
    expect(attemptSummary(null, 10_000)).toBe('No answer · 10,000 ms')
    expect(attemptSummary(null, 0)).toBe('Not sent')
    expect(deliveryTone('queued', 0)).toBe('neutral')
    expect(deliveryTone('queued', 2)).toBe('warn')
    expect(deliveryTone('failed', 9)).toBe('bad')
    expect(nextRetryLabel({ status: 'queued', nextAttemptAt: 4 * 60_000 }, 0)).toBe('in 4 min')
    expect(nextRetryLabel({ status: 'queued', nextAttemptAt: 2 * 3_600_000 }, 0)).toBe('in 2 h')
    expect(nextRetryLabel({ status: 'queued', nextAttemptAt: 0 }, 10)).toBe('now')
    expect(nextRetryLabel({ status: 'succeeded', nextAttemptAt: null }, 0)).toBeNull()
  })

  it('checks the URL before the server does', () => {
    expect(webhookUrlProblem('https://hooks.example.com/x')).toBeNull()
    expect(webhookUrlProblem(' ')).toContain('Enter the URL')
    expect(webhookUrlProblem('hooks.example.com')).toContain('full URL')
    expect(webhookUrlProblem('ftp://hooks.example.com')).toContain('https://')
    expect(webhookUrlProblem('https://a:b@hooks.example.com')).toContain('user name and password')
  })
})
