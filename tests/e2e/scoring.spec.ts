import { expect, test } from '@playwright/test'
import { createContact, editInlineField } from './helpers'

test('a scoring rule added in Settings moves a director to sales qualified, and the contact page explains the points', async ({ page }) => {
  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Nina', lastName: 'Okafor', email: 'nina@scoring.example' })
  await editInlineField(page, 'Job title', 'Director of Marketing')
  const card = page.getByRole('region', { name: 'Lead score' })
  // The default rules: title contains "Director" +10.
  await expect(card.getByTestId('contact-score')).toHaveText('10')
  const stage = page.getByRole('combobox', { name: 'Lifecycle stage' })
  await expect(stage).toHaveValue('lead')
  const contactUrl = page.url()

  await page.goto('/#/settings/scoring')
  const scoring = page.getByRole('region', { name: 'Lead scoring' })
  const conditions = scoring.getByRole('group', { name: 'Who they are' })
  await conditions.getByRole('button', { name: 'Add condition' }).click()
  const rule = conditions.getByRole('listitem', { name: 'Scoring rule' }).last()
  await rule.getByLabel('Points').fill('60')
  // Bad input first: no value is explained next to the rule and nothing is saved.
  await scoring.getByRole('button', { name: 'Save rules' }).click()
  await expect(rule.getByRole('alert')).toHaveText('Enter a value to compare with.')

  await rule.getByLabel('Field').selectOption({ label: 'Job title' })
  await rule.getByLabel('Condition').selectOption({ label: 'contains' })
  await rule.getByLabel('Value').fill('Director')
  await scoring.getByLabel('Sales qualified (SQL) at').fill('50')
  await scoring.getByRole('button', { name: 'Save rules' }).click()
  await expect(page.getByText('Scoring rules saved; scores are being recalculated')).toBeVisible()
  await expect(scoring.getByText('By score under the saved rules: 0 marketing qualified · 1 sales qualified')).toBeVisible()

  await page.goto(contactUrl)
  await expect(card.getByTestId('contact-score')).toHaveText('70')
  await expect(card.getByText('SQL', { exact: true })).toBeVisible()
  const points = card.getByRole('list', { name: 'Where the points come from' })
  await expect(points.getByRole('listitem')).toHaveCount(2)
  await expect(points.getByRole('listitem').last()).toContainText('Job title contains Director')
  await expect(points.getByRole('listitem').last()).toContainText('+60')
  // The automation moved the contact, and the history says why.
  await expect(stage).toHaveValue('salesQualified')
  await expect(card.getByRole('list', { name: 'Stage history' }).getByRole('listitem').first()).toContainText('Sales qualified by lead score')

  // The move survives a reload (it was written, not only computed).
  await page.reload()
  await expect(stage).toHaveValue('salesQualified')
})

test('a stage set by hand is kept when the score would move it', async ({ page }) => {
  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Ola', lastName: 'Hand', email: 'ola@scoring.example' })
  const stage = page.getByRole('combobox', { name: 'Lifecycle stage' })
  await stage.selectOption({ label: 'Subscriber' })
  const card = page.getByRole('region', { name: 'Lead score' })
  await expect(card.getByRole('list', { name: 'Stage history' }).getByRole('listitem').first()).toContainText('Subscriber set by hand')

  await editInlineField(page, 'Job title', 'Director')
  const contactUrl = page.url()
  await page.goto('/#/settings/scoring')
  const scoring = page.getByRole('region', { name: 'Lead scoring' })
  await scoring.getByLabel('Sales qualified (SQL) at').fill('30')
  await scoring.getByLabel('Marketing qualified (MQL) at').fill('5')
  await scoring.getByRole('button', { name: 'Save rules' }).click()
  await expect(scoring.getByText('By score under the saved rules: 1 marketing qualified · 0 sales qualified')).toBeVisible()
  await page.goto(contactUrl)
  await expect(page.getByRole('heading', { level: 1, name: 'Ola Hand' })).toBeVisible()
  await expect(card.getByTestId('contact-score')).toHaveText('10')
  await expect(stage).toHaveValue('subscriber')
})
