import type { Template, Workflow, WorkflowGraph } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { DEFAULT_WORKFLOW_SETTINGS } from './useWorkflows'

// jsdom has no layout: xyflow measures nodes through ResizeObserver and offsetWidth/Height and
// reads the zoom from DOMMatrixReadOnly (see its "testing" docs). These stand-ins give every node
// a small non-zero size so the canvas renders nodes and edges as it would in a browser.

class StubResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver)
  }
  unobserve(): void {}
  disconnect(): void {}
}

class StubDOMMatrixReadOnly {
  m22: number
  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([0-9.]+)\)/)?.[1]
    this.m22 = scale !== undefined ? Number(scale) : 1
  }
}

export function stubCanvasLayout(): void {
  vi.stubGlobal('ResizeObserver', StubResizeObserver)
  vi.stubGlobal('DOMMatrixReadOnly', StubDOMMatrixReadOnly)
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return Number.parseFloat(this.style.height) || 60
  })
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return Number.parseFloat(this.style.width) || 240
  })
  Object.defineProperty(SVGElement.prototype, 'getBBox', { configurable: true, value: () => ({ x: 0, y: 0, width: 0, height: 0 }) })
}

export async function seedTemplate(data: OutpostData, name: string): Promise<Template> {
  return insertSyncedDoc<Template>(data.db.templates, {
    name,
    subject: `${name} subject`,
    preheader: '',
    fromName: 'Outpost',
    fromEmail: 'hello@example.com',
    html: '<p>Hello {{ contact.firstName }}</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  })
}

export async function seedWorkflow(data: OutpostData, name: string, graph: WorkflowGraph, extra: Partial<Workflow> = {}): Promise<Workflow> {
  return insertSyncedDoc<Workflow>(data.db.workflows, { name, description: '', kind: 'workflow', status: 'draft', graph, settings: DEFAULT_WORKFLOW_SETTINGS, ...extra })
}

export async function storedWorkflow(data: OutpostData, id: string): Promise<Workflow> {
  const doc = await data.db.workflows.findOne(id).exec()
  if (!doc) throw new Error(`no workflow ${id}`)
  return doc.toJSON() as unknown as Workflow
}
