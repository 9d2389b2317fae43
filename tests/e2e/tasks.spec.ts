import { expect, test, type Page } from '@playwright/test'
import { createContact } from './helpers'

/** Date and time input values for now + offset, in the page's own time zone. */
async function localInputs(page: Page, offsetMs: number): Promise<{ date: string; time: string }> {
  return page.evaluate((offset) => {
    const at = new Date(Date.now() + offset)
    const pad = (value: number) => String(value).padStart(2, '0')
    return { date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`, time: `${pad(at.getHours())}:${pad(at.getMinutes())}` }
  }, offsetMs)
}

async function addTask(page: Page, task: { subject: string; date: string; time?: string; contact?: string }): Promise<void> {
  // The header's button (the empty state has one too).
  await page.getByRole('button', { name: 'New task', exact: true }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New task' })
  await dialog.getByRole('textbox', { name: 'Task' }).fill(task.subject)
  await dialog.getByLabel('Due date').fill(task.date)
  if (task.time) await dialog.getByLabel('Time').fill(task.time)
  if (task.contact) {
    await dialog.getByRole('combobox', { name: 'Contact' }).fill(task.contact)
    await dialog.getByRole('option').first().click()
  }
  await dialog.getByRole('button', { name: 'Add task' }).click()
  await expect(dialog).toBeHidden()
}

test('My tasks: a task due today linked to a contact, done, an overdue one, and a reminder at the due time', async ({ page }) => {
  // A controllable clock that otherwise runs normally, so the reminder can be reached without waiting
  // a minute; it starts at 10:00 today, so "today", "23:59" and "in a minute" never cross midnight.
  const morning = new Date()
  morning.setHours(10, 0, 0, 0)
  await page.clock.install({ time: morning })
  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@engines.example' })

  await page.goto('/#/tasks')
  await expect(page.getByText('No tasks yet')).toBeVisible()
  const today = await localInputs(page, 0)
  // End of the day: never in the past, whenever the test runs.
  await addTask(page, { subject: 'Send the proposal', date: today.date, time: '23:59', contact: 'lovelace' })

  const todaySection = page.getByRole('list', { name: 'Today' })
  const row = todaySection.getByRole('listitem', { name: 'Send the proposal' })
  await expect(row).toBeVisible()
  await expect(row.getByRole('link', { name: 'Ada Lovelace' })).toBeVisible()
  await expect(row).toContainText('Due today')

  // Check it off: it moves to the folded Done section.
  // click, not check(): the row leaves the section once the write lands.
  await row.getByRole('checkbox', { name: 'Mark task Send the proposal done' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Completed “Send the proposal”' })).toBeVisible()
  await expect(todaySection).toBeHidden()
  await page.getByRole('button', { name: 'Done', exact: true }).click()
  await expect(page.getByRole('list', { name: 'Done' }).getByRole('listitem', { name: 'Send the proposal, done' })).toBeVisible()

  const yesterday = await localInputs(page, -86_400_000)
  await addTask(page, { subject: 'Chase the invoice', date: yesterday.date })
  await expect(page.getByRole('list', { name: 'Overdue' }).getByRole('listitem', { name: 'Chase the invoice' })).toBeVisible()

  // The contact's timeline shows the task.
  await page.getByRole('list', { name: 'Done' }).getByRole('link', { name: 'Ada Lovelace' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible()
  await expect(page.getByRole('article', { name: 'Task: Send the proposal' })).toBeVisible()

  // A task due at the next minute: move the clock past it and the reminder shows (a browser tab
  // without notification permission gets the in-app card).
  await page.goto('/#/tasks')
  const soon = await localInputs(page, 60_000)
  await addTask(page, { subject: 'Call Ada back', date: soon.date, time: soon.time, contact: 'ada' })
  await expect(page.getByRole('listitem', { name: 'Call Ada back' })).toBeVisible()
  await page.clock.fastForward('02:00')
  const reminder = page.getByRole('region', { name: 'Task reminders' }).getByRole('alert')
  await expect(reminder).toContainText('Task due')
  await expect(reminder).toContainText('Call Ada back · Ada Lovelace')
  // Once past due it is overdue on the list too.
  await expect(page.getByRole('list', { name: 'Overdue' }).getByRole('listitem', { name: 'Call Ada back' })).toBeVisible()
  await reminder.getByRole('button', { name: 'Open' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible()

  // A reload does not remind again.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Task reminders' })).toHaveCount(0)
})

test('New task from the command palette and keyboard on My tasks', async ({ page }) => {
  await page.goto('/#/contacts')
  await expect(page.getByText('No contacts yet')).toBeVisible()
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: /Search contacts, companies/ }).fill('new task')
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'New task' })
  await expect(dialog).toBeVisible()
  await expect(page).toHaveURL(/#\/tasks$/)
  await dialog.getByRole('textbox', { name: 'Task' }).fill('Plan the launch')
  await page.keyboard.press('Control+Enter')
  await expect(dialog).toBeHidden()

  const row = page.getByRole('list', { name: 'No due date' }).getByRole('listitem', { name: 'Plan the launch' })
  await row.focus()
  await page.keyboard.press('x')
  await expect(page.getByText('All done. Nothing open.')).toBeVisible()
  await page.keyboard.press('n')
  await expect(page.getByRole('dialog', { name: 'New task' })).toBeVisible()
})
