import type { Deal } from '../schema/deals'

/** A schema-shaped open deal for core tests: 1,000.00 USD in the default pipeline's first stage. */
export function aDeal(overrides: Partial<Deal> = {}): Deal {
  return {
    id: 'd1',
    name: 'Acme renewal',
    pipelineId: 'pipeline-default',
    stageId: 'qualify',
    status: 'open',
    amount: 100_000,
    currency: 'USD',
    closeDate: '',
    ownerId: '',
    contactId: '',
    companyId: '',
    lostReason: '',
    stageHistory: [{ stageId: 'qualify', at: 0 }],
    position: 0,
    createdAt: 0,
    updatedAt: 0,
    _clock: {},
    ...overrides,
  }
}
