import { expect, test } from '@playwright/test'
import { createContact, editInlineField, statusBar } from './helpers'

test('create a contact, edit it, reload and find it', async ({ page }) => {
  await page.goto('/#/contacts')
  await expect(page.getByText('No contacts yet')).toBeVisible()
  await expect(statusBar(page)).toContainText('Local only')

  await createContact(page, { firstName: 'Marie', lastName: 'Curie', email: 'marie@radium.example' })
  await editInlineField(page, 'Job title', 'Physicist')

  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Marie Curie' })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Job title Physicist/ })).toBeVisible()

  await page.goto('/#/contacts')
  await page.getByLabel('Search contacts').fill('curie')
  const rows = page.getByTestId('contact-row')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Marie Curie')
  await expect(rows.first()).toContainText('marie@radium.example')
  await page.getByLabel('Search contacts').fill('nobody-by-this-name')
  await expect(page.getByText('No contacts match')).toBeVisible()
})

test('bad input is explained next to the field and nothing is saved', async ({ page }) => {
  await page.goto('/#/contacts')
  await page.getByRole('button', { name: 'New contact' }).first().click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('First name').fill('Pierre')
  await dialog.getByLabel('Email').fill('not-an-email')
  await dialog.getByRole('button', { name: 'Create contact' }).click()
  await expect(dialog.getByText('Enter a valid email address, like name@example.com')).toBeVisible()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByText('No contacts yet')).toBeVisible()

  await createContact(page, { firstName: 'Pierre', lastName: 'Curie', email: 'pierre@radium.example' })
  await page.goto('/#/contacts')
  await page.getByRole('button', { name: 'New contact' }).first().click()
  await page.getByRole('dialog').getByLabel('Email').fill('pierre@radium.example')
  await page.getByRole('dialog').getByLabel('First name').fill('Another')
  await page.getByRole('dialog').getByRole('button', { name: 'Create contact' }).click()
  await expect(page.getByRole('dialog').getByRole('button', { name: /Open/ })).toBeVisible()
})

test('command palette jumps to a contact', async ({ page }) => {
  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@engines.example' })
  await page.goto('/#/settings')
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: /Search contacts, companies/ }).fill('lovelace')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible()
})
