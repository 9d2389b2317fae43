import { readFile } from 'node:fs/promises'
import { expect, test, type BrowserContext, type Download, type Page } from '@playwright/test'
import Papa from 'papaparse'
import { createContact } from './helpers'

// Exports (issue 6, part 7) and privacy tools (part 8) in browser mode: a contacts CSV re-imports
// losslessly into a fresh workspace through the import screen; a synced contact's data export
// includes the server's history, erasing it reaches a second device, and every export is audited
// (an export made offline too, once back online).

const SYNC_URL = 'http://127.0.0.1:3199'
const PASSWORD = 'privacy by design'

/** Columns the import screen fills; the rest (rollups, lists, dates, id) are the export's own. */
const IMPORTABLE = ['Email', 'First name', 'Last name', 'Phone', 'Title', 'Company', 'Tags', 'Lifecycle stage', 'Plan', 'Renewal date', 'Seats', 'Source']

async function saved(download: Download): Promise<string> {
  const path = await download.path()
  return readFile(path, 'utf8')
}

/** Contacts → Export → all contacts; the downloaded file's text. */
async function exportAllContacts(page: Page, count: number): Promise<{ name: string; text: string }> {
  await page.goto('/#/contacts')
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Export contacts' })
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: `Export ${count.toLocaleString('en-US')} ${count === 1 ? 'contact' : 'contacts'}` }).click()])
  await expect(dialog).toBeHidden()
  return { name: download.suggestedFilename(), text: await saved(download) }
}

/** The importable cells of every row, by email. */
function importableRows(csv: string): Map<string, Record<string, string>> {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  const rows = new Map<string, Record<string, string>>()
  for (const row of parsed.data) rows.set(row.Email ?? '', Object.fromEntries(IMPORTABLE.map((column) => [column, row[column] ?? '<missing column>'])))
  return rows
}

test('contacts exported as CSV re-import losslessly into a fresh workspace', async ({ browser }) => {
  const source = await browser.newContext()
  const page = await source.newPage()
  await page.goto('/#/settings')
  await page.getByLabel('Number of contacts').fill('300')
  await page.getByRole('button', { name: 'Load demo data' }).click()
  await expect(page.getByText(/Done\. Added 300 contacts/)).toBeVisible({ timeout: 60_000 })
  // Cells a spreadsheet would run as formulas, and quotes, commas and accents.
  await page.goto('/#/contacts')
  await createContact(page, { firstName: '=HYPERLINK("x")', lastName: "O'Brien, \"Zoë\"", email: 'formula@export.example' })
  await page.getByRole('button', { name: /^Job title/ }).click()
  await page.getByRole('textbox', { name: 'Job title', exact: true }).fill("'@SUM(1)")
  await page.getByRole('textbox', { name: 'Job title', exact: true }).press('Enter')

  const first = await exportAllContacts(page, 301)
  expect(first.name).toMatch(/^outpost-contacts-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(first.text).toContain(`'=HYPERLINK`)
  const exported = importableRows(first.text)
  expect(exported.size).toBe(301)

  // A fresh browser profile is a fresh, empty workspace.
  const fresh = await browser.newContext()
  const target = await fresh.newPage()
  await target.goto('/#/import')
  await target.getByLabel('CSV file').setInputFiles({ name: first.name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${first.text.replace(/^\uFEFF/, '')}`) })
  for (const custom of ['Plan', 'Renewal date', 'Seats', 'Source']) await target.getByLabel(`Import “${custom}” as`).selectOption('new')
  await target.getByRole('button', { name: 'Start import' }).click()
  await expect(target.getByText('Import finished: 301 created, 0 updated, 0 skipped, 0 failed.')).toBeVisible({ timeout: 60_000 })

  const second = await exportAllContacts(target, 301)
  expect(importableRows(second.text)).toEqual(exported)
  await Promise.all([source.close(), fresh.close()])
})

let accounts = 0

async function signUp(page: Page): Promise<string> {
  accounts += 1
  const email = `privacy-${Date.now()}-${accounts}@e2e.example`
  await page.goto('/#/settings')
  await page.getByLabel('Server URL').fill(SYNC_URL)
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Name', { exact: true }).fill('Privacy officer')
  await page.getByLabel('Workspace name').fill('E2E privacy')
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page.locator('[data-sync-phase]')).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })
  return email
}

async function logIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto('/#/settings')
  await page.getByLabel('Server URL').fill(SYNC_URL)
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.locator('[data-sync-phase]')).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })
  return page
}

test('a contact’s data export, its erasure everywhere, and the audit log', async ({ browser }) => {
  const deviceA = await browser.newContext()
  const page = await deviceA.newPage()
  const owner = await signUp(page)
  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Erin', lastName: 'Erasure', email: 'erin@privacy.example' })
  await expect(page.locator('[data-sync-phase]')).toHaveAttribute('data-sync-phase', 'synced')
  const deviceB = await browser.newContext()
  const second = await logIn(deviceB, owner)
  await second.goto('/#/contacts')
  await expect(second.getByTestId('contact-row').filter({ hasText: 'Erin Erasure' })).toBeVisible()

  // Export data: one JSON file with the contact and the server's history.
  const card = page.getByRole('region', { name: 'Personal data' })
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Export data' }).click()])
  expect(download.suggestedFilename()).toMatch(/^outpost-contact-erin-erasure-.*\.json$/)
  const file = JSON.parse(await saved(download)) as { contact: { email: string }; server: { included: boolean } }
  expect(file.contact.email).toBe('erin@privacy.example')
  expect(file.server.included).toBe(true)

  // Offline: erasing is refused with the reason; a CSV export waits on this device for the audit log.
  await deviceA.setOffline(true)
  await expect(card.getByRole('button', { name: 'Erase contact…' })).toBeDisabled()
  await expect(card.getByText(/You are offline\. Erasing needs the sync server/)).toBeVisible()
  await exportAllContacts(page, 1)
  await page.goto('/#/settings/privacy')
  await expect(page.getByText(/1 entry recorded on this device will be sent/)).toBeVisible()
  await deviceA.setOffline(false)
  await expect(page.getByText(/entry recorded on this device/)).toBeHidden({ timeout: 30_000 })

  // Erase: asked once, with the email typed.
  await page.goto('/#/contacts')
  await page.getByLabel('Search contacts').fill('erasure')
  await page.getByTestId('contact-row').filter({ hasText: 'Erin Erasure' }).click()
  await page.getByRole('region', { name: 'Personal data' }).getByRole('button', { name: 'Erase contact…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Erase Erin Erasure?' })
  await dialog.getByLabel(/to confirm/).fill('erin@privacy.example')
  await dialog.getByRole('button', { name: 'Erase contact' }).click()
  await expect(page.getByText(/Erased Erin Erasure everywhere/)).toBeVisible()
  await expect(page).toHaveURL(/#\/contacts$/)

  // The other device loses it without reloading.
  await second.getByLabel('Search contacts').fill('erasure')
  await expect(second.getByTestId('contact-row')).toHaveCount(0)

  // The audit log: the erasure, the data export and the CSV export made offline, by this member.
  await page.goto('/#/settings/privacy')
  const log = page.getByRole('table', { name: /Audit log/ })
  await expect(log.getByRole('row').filter({ hasText: 'Erased a contact' })).toContainText(owner)
  await expect(log.getByRole('row').filter({ hasText: 'Exported a contact’s data' })).toContainText(owner)
  await expect(log.getByRole('row').filter({ hasText: 'Exported contacts (CSV)' })).toContainText('all contacts')
  await Promise.all([deviceA.close(), deviceB.close()])
})
