import { expect, type Page } from '@playwright/test'

export interface NewContact {
  firstName: string
  lastName: string
  email: string
}

/** Opens the new-contact dialog from the contacts screen and creates a contact. */
export async function createContact(page: Page, contact: NewContact): Promise<void> {
  await page.getByRole('button', { name: 'New contact' }).first().click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('First name').fill(contact.firstName)
  await dialog.getByLabel('Last name').fill(contact.lastName)
  await dialog.getByLabel('Email').fill(contact.email)
  await dialog.getByRole('button', { name: 'Create contact' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('heading', { level: 1, name: `${contact.firstName} ${contact.lastName}` })).toBeVisible()
}

/** Clicks an inline field on the detail page, types a value and saves it with Enter. */
export async function editInlineField(page: Page, label: string, value: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${escapeRegExp(label)}`) }).click()
  const input = page.getByRole('textbox', { name: label, exact: true })
  await input.fill(value)
  await input.press('Enter')
  await expect(page.getByRole('button', { name: new RegExp(`^${escapeRegExp(label)} ${escapeRegExp(value)}`) })).toBeVisible()
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function statusBar(page: Page) {
  return page.getByRole('contentinfo')
}
