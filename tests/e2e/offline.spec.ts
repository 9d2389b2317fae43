import { expect, test } from '@playwright/test'
import { createContact, editInlineField, statusBar } from './helpers'

test('keeps working with the network off, and the edits survive', async ({ page, context }) => {
  await page.goto('/#/contacts')
  await expect(page.getByText('No contacts yet')).toBeVisible()

  await context.setOffline(true)
  await expect(statusBar(page)).toContainText('offline')

  await createContact(page, { firstName: 'Nellie', lastName: 'Bly', email: 'nellie@world.example' })
  await editInlineField(page, 'Phone', '+1 212 555 0100')
  await page.getByRole('textbox', { name: 'Note' }).fill('Back from 72 days around the world.')
  await page.getByRole('button', { name: 'Add note' }).click()
  await expect(page.getByText('Back from 72 days around the world.')).toBeVisible()

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click()
  await page.getByLabel('Search contacts').fill('nellie')
  await expect(page.getByTestId('contact-row')).toHaveCount(1)

  await context.setOffline(false)
  await page.reload()
  await page.getByLabel('Search contacts').fill('bly')
  await page.getByTestId('contact-row').first().click()
  await expect(page.getByRole('button', { name: /^Phone \+1 212 555 0100/ })).toBeVisible()
  await expect(page.getByText('Back from 72 days around the world.')).toBeVisible()
})
