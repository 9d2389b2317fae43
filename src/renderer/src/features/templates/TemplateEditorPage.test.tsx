import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Template } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { seedContacts } from '../contacts/contactsTestUtils'
import { starterTemplate } from './starterTemplate'
import { TemplateEditorPage } from './TemplateEditorPage'
import { TemplatesPage } from './TemplatesPage'

// Liquid, juice and html-to-text load on first use; a busy shared machine needs headroom.
describe('template editor', { timeout: 15_000 }, () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  async function seedTemplate(fields: Partial<Template> = {}): Promise<Template> {
    return insertSyncedDoc<Template>(data.db.templates, { ...starterTemplate(), name: 'Welcome', ...fields })
  }

  function body(): HTMLTextAreaElement {
    return screen.getByRole('textbox', { name: 'HTML body' }) as HTMLTextAreaElement
  }

  it('shows a Liquid syntax error with its line and selects that line when clicked', async () => {
    const user = userEvent.setup()
    const html = '<p>Hello</p>\n<p>{{ contact.firstName </p>\n<a href="{{ unsubscribe_url }}">Unsubscribe</a>'
    const template = await seedTemplate({ html })
    renderWithProviders(<TemplateEditorPage id={template.id} />, { data })
    const issues = await screen.findByRole('list', { name: 'Template issues' })
    const issue = within(issues).getByRole('button', { name: /^Line 2:/ })

    await user.click(issue)
    const editor = body()
    expect(editor).toHaveFocus()
    expect(editor.value.slice(editor.selectionStart, editor.selectionEnd)).toBe('<p>{{ contact.firstName </p>')
    // No preview of a template that cannot render: the same problem is named there instead.
    expect(within(screen.getByRole('region', { name: 'Preview' })).getByRole('alert')).toHaveTextContent('Line 2')
  })

  it('names an unknown variable with its line', async () => {
    const template = await seedTemplate({ html: '<p>Hi</p>\n\n<p>{{ contact.fisrtName }}</p>\n<a href="{{ unsubscribe_url }}">Unsubscribe</a>' })
    renderWithProviders(<TemplateEditorPage id={template.id} />, { data })
    const issues = await screen.findByRole('list', { name: 'Template issues' })
    expect(within(issues).getByRole('button', { name: /Line 3:.*contact\.fisrtName/ })).toBeInTheDocument()
  })

  it('inserts a merge tag at the cursor and saves it', async () => {
    const user = userEvent.setup()
    const template = await seedTemplate({ html: '<p>Hello !</p>\n<a href="{{ unsubscribe_url }}">Unsubscribe</a>' })
    renderWithProviders(<TemplateEditorPage id={template.id} />, { data })
    const editor = await screen.findByRole('textbox', { name: 'HTML body' })
    const editorElement = editor as HTMLTextAreaElement
    fireEvent.focus(editorElement)
    editorElement.setSelectionRange(9, 9)

    await user.click(screen.getByRole('button', { name: /Insert merge tag/ }))
    await user.click(screen.getByRole('option', { name: /First name/ }))
    const expected = '<p>Hello {{ contact.firstName | default: "there" }}!</p>\n<a href="{{ unsubscribe_url }}">Unsubscribe</a>'
    expect(body().value).toBe(expected)
    expect(body().selectionStart).toBe(9 + '{{ contact.firstName | default: "there" }}'.length)
    await waitFor(async () => expect((await data.db.templates.findOne(template.id).exec())?.html).toBe(expected))
  })

  it('previews as a contact in a sandboxed iframe without scripts, with subject and plain text', async () => {
    const user = userEvent.setup()
    await seedContacts(data, [
      { firstName: 'Zed', lastName: 'Young', email: 'zed@example.com' },
      { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    ])
    const template = await seedTemplate({ subject: 'Hello {{ contact.firstName }}' })
    renderWithProviders(<TemplateEditorPage id={template.id} />, { data })
    const preview = await screen.findByRole('region', { name: 'Preview' })
    const frame = await within(preview).findByTitle('Email preview')
    expect(frame).toHaveAttribute('sandbox', '')
    expect(frame.getAttribute('sandbox')).not.toContain('allow-scripts')
    // The first contact by name is the default recipient.
    expect(frame.getAttribute('srcdoc')).toContain('Hi Ada,')
    expect(within(preview).getByTestId('preview-subject')).toHaveTextContent('Hello Ada')

    await user.type(within(preview).getByRole('combobox', { name: 'Preview as contact' }), 'zed')
    await user.click(within(preview).getByRole('option', { name: /Zed/ }))
    await waitFor(() => expect(within(preview).getByTitle('Email preview').getAttribute('srcdoc')).toContain('Hi Zed,'))

    await user.click(within(preview).getByRole('radio', { name: 'Mobile' }))
    expect(within(preview).getByTitle('Email preview').parentElement).toHaveStyle({ width: '375px' })
    await user.click(within(preview).getByRole('radio', { name: 'Text' }))
    expect(within(preview).getByLabelText('Plain-text version')).toHaveTextContent('Hi Zed,')
  })

  it('creates a template from the starter layout, duplicates and deletes it', async () => {
    const user = userEvent.setup()
    const template = await seedTemplate()
    renderWithProviders(<TemplatesPage />, { data })
    const list = await screen.findByRole('list', { name: 'Templates' })
    expect(within(list).getByText('Welcome')).toBeInTheDocument()

    await user.click(within(list).getByRole('button', { name: 'Duplicate Welcome' }))
    await waitFor(() => expect(within(list).getByText('Copy of Welcome')).toBeInTheDocument())
    await user.click(within(list).getByRole('button', { name: 'Delete Welcome' }))
    await user.click(screen.getByRole('button', { name: 'Delete template' }))
    await waitFor(() => expect(within(list).queryByText('Welcome')).not.toBeInTheDocument())
    expect(await data.db.templates.findOne(template.id).exec()).toBeNull()

    await user.click(screen.getByRole('button', { name: 'New template' }))
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/templates\/[0-9A-Z]{26}$/))
    const created = (await data.db.templates.find().exec()).map((doc) => doc.toJSON() as Template).find((doc) => doc.name === 'Untitled template')
    expect(created?.html).toContain('{{ unsubscribe_url }}')
    expect(created?.html).toContain('{{ contact.firstName | default: "there" }}')
  })
})
