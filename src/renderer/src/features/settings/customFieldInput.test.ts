import { CUSTOM_FIELD_KEY_PATTERN } from '@core/schema'
import { deriveCustomFieldKey, validateCustomFieldForm } from './customFieldInput'

describe('deriveCustomFieldKey', () => {
  it('turns labels into keys the schema accepts', () => {
    const pattern = new RegExp(CUSTOM_FIELD_KEY_PATTERN)
    expect(deriveCustomFieldKey('Renewal date')).toBe('renewalDate')
    expect(deriveCustomFieldKey('ARR (€)')).toBe('arr')
    expect(deriveCustomFieldKey('Café owner')).toBe('cafeOwner')
    expect(deriveCustomFieldKey('Customer ARR')).toBe('customerArr')
    expect(deriveCustomFieldKey('2024 budget')).toBe('field2024Budget')
    for (const label of ['Renewal date', 'Café owner', '2024 budget', 'x'.repeat(80)]) expect(deriveCustomFieldKey(label)).toMatch(pattern)
  })
})

describe('validateCustomFieldForm', () => {
  const existing = [{ id: 'a', key: 'plan', label: 'Plan' }]
  it('allows an edited field to keep its own key', () => {
    const values = { label: 'Plan', key: 'plan', fieldType: 'text' as const, options: '' }
    expect(validateCustomFieldForm(values, existing, 'a').ok).toBe(true)
    expect(validateCustomFieldForm(values, existing).ok).toBe(false)
  })
})
