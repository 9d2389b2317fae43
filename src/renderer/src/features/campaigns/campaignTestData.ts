import { emptyCampaignStats, type Campaign, type CampaignStats, type Segment, type Template } from '@core/schema'
import type { NewDocFields } from '../../data/syncedWrites'

// Fields for the campaign tests' documents: valid defaults plus what each test cares about.

export function campaignFields(fields: Partial<NewDocFields<Campaign>> = {}): NewDocFields<Campaign> {
  return { name: 'Spring sale', status: 'draft', segmentId: '', templateId: '', scheduledAt: 0, timeZone: 'UTC', ...fields }
}

export function statsFields(fields: Partial<CampaignStats> = {}): CampaignStats {
  return { ...emptyCampaignStats(), ...fields }
}

export function segmentFields(fields: Partial<NewDocFields<Segment>> = {}): NewDocFields<Segment> {
  return { name: 'Everyone', kind: 'dynamic', rules: { match: 'all', groups: [] }, ...fields }
}

export const UNSUBSCRIBE_HTML = '<p>Hi {{ contact.firstName | default: "there" }}</p><p><a href="https://example.com/sale">Shop</a></p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>'

export function templateFields(fields: Partial<NewDocFields<Template>> = {}): NewDocFields<Template> {
  return {
    name: 'Sale template',
    subject: 'Our spring sale',
    preheader: '',
    fromName: 'Outpost',
    fromEmail: 'news@example.com',
    html: UNSUBSCRIBE_HTML,
    ...fields,
  }
}
