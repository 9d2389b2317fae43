import { expect, test, type Locator, type Page } from '@playwright/test'
import { createContact } from './helpers'

/** Creates a deal with the open New deal dialog (from the deals screen or a record's Deals card). */
async function fillDealDialog(page: Page, deal: { name: string; amount: string; contact?: string }): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'New deal' })
  await dialog.getByLabel('Name').fill(deal.name)
  await dialog.getByLabel('Amount').fill(deal.amount)
  if (deal.contact) {
    await dialog.getByRole('combobox', { name: 'Contact' }).fill(deal.contact)
    await dialog.getByRole('listbox').getByRole('option').first().click()
  }
  await dialog.getByRole('button', { name: 'Create deal' }).click()
  await expect(dialog).toBeHidden()
}

function column(page: Page, stage: string): Locator {
  return page.getByRole('region', { name: `${stage} stage` })
}

function card(page: Page, name: string): Locator {
  return page.locator('[aria-roledescription="deal card"]', { hasText: name })
}

/** A real pointer drag: dnd-kit starts after a few pixels of travel and follows the moves. */
async function dragTo(page: Page, source: Locator, target: Locator): Promise<void> {
  const from = await source.boundingBox()
  const to = await target.boundingBox()
  if (!from || !to) throw new Error('drag source or target is not visible')
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await page.mouse.down()
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 4 })
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 })
  await page.mouse.move(to.x + to.width / 2 + 2, to.y + to.height / 2 + 2, { steps: 2 })
  await page.mouse.up()
}

test('a deal dragged to Won makes its contact a customer', async ({ page }) => {
  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example' })
  const summary = page.getByRole('region', { name: 'Summary' })
  await expect(summary).toContainText('Lead')

  // The contact's Deals card creates a deal linked to her; a new deal makes her an opportunity.
  const dealsCard = page.getByRole('region', { name: /^Deals/ })
  await dealsCard.getByRole('button', { name: 'New deal' }).click()
  await expect(page.getByRole('dialog', { name: 'New deal' }).getByRole('button', { name: 'Remove contact Grace Hopper' })).toBeVisible()
  await fillDealDialog(page, { name: 'Compiler licence', amount: '12,500' })
  await expect(dealsCard.getByRole('link', { name: /Compiler licence/ })).toContainText('$12,500.00')
  await expect(summary).toContainText('Opportunity')

  await page.goto('/#/deals')
  await expect(column(page, 'Qualify')).toContainText('Compiler licence')
  await dragTo(page, card(page, 'Compiler licence'), page.getByLabel('Won drop zone'))
  await expect(page.getByRole('status').filter({ hasText: 'Won Compiler licence' })).toContainText('contact is now Customer')
  await expect(card(page, 'Compiler licence')).toHaveCount(0)
  await expect(page.getByLabel('Won drop zone')).toContainText('1 deal')

  await page.goto('/#/contacts')
  await page.getByText('Grace Hopper').first().click()
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('Customer')
})

test('a deal moves between stages with the keyboard', async ({ page }) => {
  await page.goto('/#/deals')
  await page.getByRole('button', { name: 'New deal' }).click()
  await fillDealDialog(page, { name: 'Keyboard deal', amount: '900' })
  // A second card in the column it leaves: the move must not land back next to it.
  await page.getByRole('button', { name: 'New deal' }).click()
  await fillDealDialog(page, { name: 'Staying deal', amount: '100' })
  await expect(column(page, 'Qualify')).toContainText('Keyboard deal')

  await card(page, 'Keyboard deal').focus()
  await page.keyboard.press('Space')
  // Screen readers hear where the card is (dnd-kit's live region); the user drops once it is over Meeting.
  const live = page.locator('[id^="DndLiveRegion"]').first()
  await expect(live).toContainText('Keyboard deal is over Qualify')
  await page.keyboard.press('ArrowRight')
  await expect(live).toContainText('Keyboard deal is over Meeting')
  await page.keyboard.press('Space')
  await expect(column(page, 'Meeting')).toContainText('Keyboard deal')
  await expect(column(page, 'Qualify')).not.toContainText('Keyboard deal')
  await expect(column(page, 'Qualify')).toContainText('Staying deal')

  // The move is stored with its history: the deal page shows both stages.
  await card(page, 'Keyboard deal').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Keyboard deal' })).toBeVisible()
  const history = page.getByRole('region', { name: 'Stage history' })
  await expect(history).toContainText('Meeting')
  await expect(history).toContainText('Qualify')
})

test('losing a deal needs a reason', async ({ page }) => {
  await page.goto('/#/deals')
  await page.getByRole('button', { name: 'New deal' }).click()
  await fillDealDialog(page, { name: 'Doomed deal', amount: '300' })

  await dragTo(page, card(page, 'Doomed deal'), page.getByLabel('Lost drop zone'))
  const dialog = page.getByRole('dialog', { name: 'Mark Doomed deal as lost' })
  await dialog.getByRole('button', { name: 'Mark as lost' }).click()
  await expect(dialog.getByText('Say why the deal was lost')).toBeVisible()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(column(page, 'Qualify')).toContainText('Doomed deal')

  await dragTo(page, card(page, 'Doomed deal'), page.getByLabel('Lost drop zone'))
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Went with a competitor')
  await dialog.getByRole('button', { name: 'Mark as lost' }).click()
  await expect(card(page, 'Doomed deal')).toHaveCount(0)

  await page.getByRole('radio', { name: /^Table/ }).click()
  await page.getByRole('radio', { name: /^Lost/ }).click()
  await page.getByRole('row', { name: /Doomed deal/ }).click()
  await expect(page.getByText('Went with a competitor')).toBeVisible()
})
