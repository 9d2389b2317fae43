import { expect, test } from '@playwright/test'

const CONTACTS = 100_000

test('loads 100,000 demo contacts with progress, then scrolls and searches the list', async ({ page }) => {
  test.setTimeout(12 * 60_000)
  await page.goto('/#/settings')
  await page.locator('#demo-count').fill(String(CONTACTS))
  await page.getByRole('button', { name: 'Load demo data' }).click()
  await expect(page.getByRole('progressbar', { name: /Adding contacts/ })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: /^Done\./ })).toContainText('Added 100,000 contacts', { timeout: 10 * 60_000 })

  await page.goto('/#/contacts')
  await expect(page.getByTestId('contact-row').first()).toBeVisible()
  await expect(page.getByRole('contentinfo')).toContainText('100,000 contacts', { timeout: 60_000 })
  await expect(page.getByText('100,000 contacts', { exact: true }).first()).toBeVisible()

  // Scroll to the very end of the virtualized list: rows there render too.
  const firstName = await page.getByTestId('contact-row').first().textContent()
  const grid = page.getByRole('grid', { name: 'Contacts' })
  await grid.evaluate((element) => {
    let scroller: HTMLElement | null = element as HTMLElement
    while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement
    if (scroller) scroller.scrollTop = scroller.scrollHeight
  })
  const lastRow = page.getByTestId('contact-row').last()
  await expect(lastRow).toBeVisible()
  await expect(page.getByTestId('contact-row').first()).not.toHaveText(firstName ?? '')
  const rendered = await page.getByTestId('contact-row').count()
  expect(rendered).toBeLessThan(200)

  // Search for the person at the bottom of the list by email: exactly that contact comes back.
  const email = (await lastRow.getByText(/@/).first().textContent())?.trim() ?? ''
  expect(email).toContain('@')
  await page.getByLabel('Search contacts').fill(email)
  await expect(page.getByTestId('contact-row')).toHaveCount(1)
  await expect(page.getByTestId('contact-row').first()).toContainText(email)
})
