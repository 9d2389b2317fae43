import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test, type Browser, type Page } from '@playwright/test'
import Papa from 'papaparse'
import { statusBar } from './helpers'

const fixtures = join(__dirname, '..', 'fixtures')

/** Import contacts → choose `file` → (optionally adjust) → Start import → the summary line. */
async function importFile(page: Page, file: string, prepare?: () => Promise<void>): Promise<void> {
  await page.goto('/#/import')
  await page.getByLabel('CSV file').setInputFiles(join(fixtures, file))
  await expect(page.getByRole('heading', { name: 'Map columns' })).toBeVisible()
  await prepare?.()
  await page.getByRole('button', { name: 'Start import' }).click()
}

/** The option chosen in one of the detail page's select fields (Company, Lifecycle stage). */
function chosen(page: Page, field: string) {
  return page.getByRole('combobox', { name: field, exact: true }).locator('option:checked')
}

function summary(page: Page) {
  return page.getByRole('status').filter({ hasText: /^Import (finished|cancelled|stopped)/ })
}

/** Finds one contact by email in the list and opens it. */
async function openContact(page: Page, email: string): Promise<void> {
  await page.goto('/#/contacts')
  await page.getByLabel('Search contacts').fill(email)
  await expect(page.getByTestId('contact-row')).toHaveCount(1)
  await page.getByTestId('contact-row').first().click()
  await expect(page.getByRole('button', { name: new RegExp(`^Email ${email.replace(/[.+]/g, '\\$&')}`) })).toBeVisible()
}

test('UTF-8 with a byte-order mark: headers matched, accents and CJK intact, companies linked by name', async ({ page }) => {
  await page.goto('/#/contacts')
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Import contacts' })).toBeVisible()
  await page.getByLabel('CSV file').setInputFiles(join(fixtures, 'contacts-utf8-bom.csv'))

  // The byte-order mark is not part of the first header, so "Email Address" maps to Email.
  await expect(page.getByLabel('Import “Email Address” as')).toHaveValue('field:email')
  await expect(page.getByLabel('Import “First Name” as')).toHaveValue('field:firstName')
  await expect(page.getByLabel('Import “Job Title” as')).toHaveValue('field:title')
  await expect(page.getByLabel('Import “Lifecycle Stage” as')).toHaveValue('field:lifecycleStage')
  await expect(page.getByText('comma-separated, UTF-8')).toBeVisible()
  const preview = page.getByRole('table', { name: 'Import preview' })
  await expect(preview.getByRole('row')).toHaveCount(6)
  await expect(preview).toContainText('Åström')
  await page.getByRole('button', { name: 'Start import' }).click()
  await expect(summary(page)).toHaveText('Import finished: 5 created, 0 updated, 0 skipped, 0 failed.')
  await expect(page.getByText('also 4 new companies')).toBeVisible()
  await expect(statusBar(page)).toContainText('5 contacts')

  await openContact(page, 'zoe.astrom@example.se')
  await expect(page.getByRole('heading', { level: 1, name: 'Zoë Åström' })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Job title Head of Growth/ })).toBeVisible()
  await expect(chosen(page, 'Lifecycle stage')).toHaveText('Customer')
  await expect(page.getByRole('button', { name: 'Remove tag nordics' })).toBeVisible()

  await openContact(page, 'wei.zhang@example.cn')
  await expect(page.getByRole('heading', { level: 1, name: '伟 张' })).toBeVisible()
  await expect(chosen(page, 'Company')).toHaveText('北京科技')

  // Outpost's formula escaping ('+33…) is undone on the way in.
  await openContact(page, 'francois@example.fr')
  await expect(page.getByRole('button', { name: /^Phone \+33 1 23 45 67 89/ })).toBeVisible()

  // "Crème & Co" and "crème & co" are one company, created once.
  await page.goto('/#/companies')
  await page.getByLabel('Search companies').fill('crème')
  const companies = page.getByRole('list', { name: 'Companies' }).getByRole('listitem')
  await expect(companies).toHaveCount(1)
  await expect(companies.first()).toContainText('Crème & Co')
  await expect(companies.first()).toContainText('2 contacts')
})

test('a CSV file dropped on the import screen is read like a chosen one', async ({ page }) => {
  await page.goto('/#/import')
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer()
    transfer.items.add(new File(['Email,First name\ndropped@example.com,Dropped\n'], 'dropped.csv', { type: 'text/csv' }))
    return transfer
  })
  const target = page.getByTestId('import-drop-target')
  await target.dispatchEvent('dragover', { dataTransfer })
  await expect(page.getByText('Drop a CSV file here')).toBeVisible()
  await target.dispatchEvent('drop', { dataTransfer })
  await expect(page.getByText(/dropped\.csv · 2 columns/)).toBeVisible()
  await page.getByRole('button', { name: 'Start import' }).click()
  await expect(summary(page)).toHaveText('Import finished: 1 created, 0 updated, 0 skipped, 0 failed.')
})

test('semicolon-delimited file with German headers and a quoted delimiter', async ({ page }) => {
  await importFile(page, 'contacts-semicolon.csv', async () => {
    await expect(page.getByText('semicolon-separated')).toBeVisible()
    await expect(page.getByLabel('Import “E-Mail” as')).toHaveValue('field:email')
    await expect(page.getByLabel('Import “Firma” as')).toHaveValue('field:company')
  })
  await expect(summary(page)).toHaveText('Import finished: 3 created, 0 updated, 0 skipped, 0 failed.')
  await openContact(page, 'greta.schmidt@example.de')
  await expect(chosen(page, 'Company')).toHaveText('Schmidt; Söhne & Partner')
  await openContact(page, 'lukas.weber@example.at')
  await expect(page.getByRole('button', { name: /^Job title Leiter, Vertrieb/ })).toBeVisible()
  await expect(chosen(page, 'Lifecycle stage')).toHaveText('Subscriber')
})

test('newlines and quotes inside quoted cells, into a new custom field', async ({ page }) => {
  await importFile(page, 'contacts-quoted-newlines.csv', async () => {
    await expect(page.getByLabel('Import “notes” as')).toHaveValue('ignore')
    await page.getByLabel('Import “notes” as').selectOption({ label: 'New text field “notes”' })
    await expect(page.getByRole('table', { name: 'Import preview' })).toContainText('Prefers "letters" to calls.')
  })
  await expect(summary(page)).toHaveText('Import finished: 3 created, 0 updated, 0 skipped, 0 failed.')
  await expect(page.getByText('also 1 new custom field')).toBeVisible()

  await openContact(page, 'ada@example.com')
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible()
  const notes = page.getByRole('button', { name: /^notes Met at the/ })
  await expect(notes).toContainText('Analytical Society.')
  await expect(notes).toContainText('Prefers "letters" to calls.')
  await openContact(page, 'grace@example.com')
  await expect(page.getByRole('button', { name: /^notes Line one/ })).toContainText('line three after a blank line')
})

test('bad rows are reported with a downloadable error report; good rows are imported', async ({ page }) => {
  await importFile(page, 'contacts-bad-rows.csv')
  // Rows 2, 5 and 9 are created; row 10 repeats row 2's email (in capitals) and updates it.
  await expect(summary(page)).toHaveText('Import finished: 3 created, 1 updated, 0 skipped, 6 failed.')
  await expect(page.getByText('Row 3', { exact: true })).toBeVisible()

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download error report' }).click()])
  expect(download.suggestedFilename()).toBe('contacts-bad-rows-errors.csv')
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '')
  const report = Papa.parse<string[]>(text, { skipEmptyLines: true }).data
  expect(report[0]).toEqual(['Row', 'Column', 'Reason', 'Email', 'First name', 'Last name', 'Stage', 'Phone'])
  expect(report.slice(1).map((row) => [row[0], row[1]])).toEqual([
    ['3', 'Email'],
    ['4', 'Email'],
    ['6', 'First name'],
    ['7', 'Stage'],
    ['8', 'Phone'],
    ['11', ''],
  ])
  expect(report[1]?.[2]).toBe('Email is missing')
  expect(report[4]?.[2]).toContain('Unknown lifecycle stage "prospect"')
  expect(report[6]?.[2]).toContain('Could not read this row')
  expect(report[2]?.slice(3)).toEqual(['not-an-email', 'Bad', 'Email', 'lead', ''])

  await expect(statusBar(page)).toContainText('3 contacts')
  await openContact(page, 'good1@example.com')
  // The repeated row filled in its values over the first one's: Last name "Again", first name kept.
  await expect(page.getByRole('heading', { level: 1, name: 'Good Again' })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Phone \+1 555 0101/ })).toBeVisible()
})

test('known emails: update merges fields and tags, skip leaves contacts alone', async ({ page }) => {
  await importFile(page, 'contacts-utf8-bom.csv')
  await expect(summary(page)).toHaveText('Import finished: 5 created, 0 updated, 0 skipped, 0 failed.')
  // Back on the import screen later: a new import, with the last one's summary a click away.
  await page.goto('/#/contacts')
  await page.goto('/#/import')
  await expect(page.getByText('Last import: Import finished: 5 created')).toBeVisible()

  await importFile(page, 'contacts-update.csv', async () => {
    const preview = page.getByRole('table', { name: 'Import preview' })
    await expect(preview.getByRole('row').filter({ hasText: 'zoe.astrom@example.se' })).toContainText('Updates contact')
    await expect(preview.getByRole('row').filter({ hasText: 'new.person@example.com' })).toContainText('New contact')
  })
  await expect(summary(page)).toHaveText('Import finished: 1 created, 1 updated, 0 skipped, 0 failed.')
  await openContact(page, 'zoe.astrom@example.se')
  await expect(page.getByRole('heading', { level: 1, name: 'Zoë Åström' })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Job title Chief Growth Officer/ })).toBeVisible()
  await expect(chosen(page, 'Lifecycle stage')).toHaveText('Evangelist')
  for (const tag of ['vip', 'nordics', 'speaker']) await expect(page.getByRole('button', { name: `Remove tag ${tag}` })).toBeVisible()

  await importFile(page, 'contacts-update.csv', async () => {
    await page.getByRole('radio', { name: /Skip the row/ }).check()
    await expect(page.getByRole('table', { name: 'Import preview' }).getByText('Skipped')).toHaveCount(2)
  })
  await expect(summary(page)).toHaveText('Import finished: 0 created, 0 updated, 2 skipped, 0 failed.')
  await expect(statusBar(page)).toContainText('6 contacts')
})

test('10,000 rows import with progress and end up in the list', async ({ page }) => {
  test.setTimeout(5 * 60_000)
  await importFile(page, 'contacts-10000.csv')
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible()
  await expect(summary(page)).toHaveText('Import finished: 10,000 created, 0 updated, 0 skipped, 0 failed.', { timeout: 4 * 60_000 })
  await expect(statusBar(page)).toContainText('10,000 contacts', { timeout: 60_000 })
  await openContact(page, 'lars.lovelace.0@example0.com')
  await expect(chosen(page, 'Company')).toHaveText('Initech 22 Inc')
  await expect(chosen(page, 'Lifecycle stage')).toHaveText('Customer')
})

test('an import can be cancelled: what was written stays, the rest is not read', async ({ page }) => {
  await importFile(page, 'contacts-10000.csv')
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible()
  await page.getByRole('button', { name: 'Cancel import' }).click()
  await expect(summary(page)).toContainText('Import cancelled:')
  const line = (await summary(page).textContent()) ?? ''
  const created = Number(/([\d,]+) created/.exec(line)?.[1]?.replace(/,/g, ''))
  expect(created).toBeLessThan(10_000)
  await expect(statusBar(page)).toContainText(`${created.toLocaleString('en-US')} contact`)
})

test('imported contacts and companies sync to another device', async ({ browser }) => {
  const email = `import-${Date.now()}@e2e.example`
  const [a, b] = [await devicePage(browser), await devicePage(browser)]
  await signIn(a, email, 'Sign up')
  await signIn(b, email, 'Log in')
  await importFile(a, 'contacts-utf8-bom.csv')
  await expect(summary(a)).toHaveText('Import finished: 5 created, 0 updated, 0 skipped, 0 failed.')
  await expect(a.locator('[data-sync-phase]')).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })

  await expect(statusBar(b)).toContainText('5 contacts', { timeout: 30_000 })
  await openContact(b, 'zoe.astrom@example.se')
  await expect(chosen(b, 'Company')).toHaveText('Nordlys AB')
})

async function devicePage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage()
}

/** Settings → Sync against the e2e sync server (playwright.config.ts), as sync.spec.ts does. */
async function signIn(page: Page, email: string, action: 'Sign up' | 'Log in'): Promise<void> {
  await page.goto('/#/settings')
  await page.getByLabel('Server URL').fill('http://127.0.0.1:3199')
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill('imports travel too')
  if (action === 'Sign up') {
    await page.getByLabel('Name', { exact: true }).fill('Importer')
    await page.getByLabel('Workspace name').fill('E2E import')
  }
  await page.getByRole('button', { name: action }).click()
  await expect(page.locator('[data-sync-phase]')).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })
}
