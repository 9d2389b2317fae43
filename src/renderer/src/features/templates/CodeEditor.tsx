import { forwardRef, useImperativeHandle, useMemo, useRef, type FocusEvent } from 'react'

export interface CodeEditorHandle {
  /** Selects a whole line (1-based), scrolls it into the middle and focuses the editor. */
  selectLine: (line: number) => void
  textarea: () => HTMLTextAreaElement | null
}

interface CodeEditorProps {
  label: string
  value: string
  onChange: (value: string) => void
  onFocus?: (event: FocusEvent<HTMLTextAreaElement>) => void
  maxLength?: number
  /** Lines with an issue, marked in the gutter. */
  markedLines?: ReadonlySet<number>
}

const LINE_HEIGHT_PX = 20

/** Offsets of the start and end of a 1-based line in `text` (clamped to the last line). */
export function lineRange(text: string, line: number): { start: number; end: number } {
  let start = 0
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', start)
    if (next === -1) break
    start = next + 1
  }
  const newline = text.indexOf('\n', start)
  return { start, end: newline === -1 ? text.length : newline }
}

/** A plain textarea with a line-number gutter: enough for HTML email, no editor library needed. */
export const CodeEditor = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeEditor(
  { label, value, onChange, onFocus, maxLength, markedLines },
  ref,
) {
  const textareaRef = useRef<HTMLTextAreaElement>(null)
  const gutterRef = useRef<HTMLDivElement>(null)
  const lineCount = useMemo(() => {
    let count = 1
    for (let index = value.indexOf('\n'); index !== -1; index = value.indexOf('\n', index + 1)) count++
    return count
  }, [value])

  useImperativeHandle(ref, () => ({
    selectLine(line) {
      const textarea = textareaRef.current
      if (!textarea) return
      const { start, end } = lineRange(textarea.value, line)
      textarea.focus()
      textarea.setSelectionRange(start, end)
      textarea.scrollTop = Math.max(0, (line - 1) * LINE_HEIGHT_PX - textarea.clientHeight / 2)
    },
    textarea: () => textareaRef.current,
  }))

  return (
    <div className="flex min-h-0 flex-1 overflow-hidden rounded-md border border-slate-300 bg-white font-mono text-[13px] leading-5 focus-within:border-accent-500 focus-within:ring-2 focus-within:ring-accent-100">
      <div
        ref={gutterRef}
        aria-hidden
        className="shrink-0 overflow-hidden border-r border-slate-200 bg-slate-50 py-2 text-right text-slate-400 select-none"
      >
        {Array.from({ length: lineCount }, (_, index) => (
          <div key={index} className={`px-2 ${markedLines?.has(index + 1) ? 'bg-red-100 font-semibold text-red-700' : ''}`} style={{ height: LINE_HEIGHT_PX }}>
            {index + 1}
          </div>
        ))}
      </div>
      <textarea
        ref={textareaRef}
        aria-label={label}
        value={value}
        maxLength={maxLength}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        wrap="off"
        onFocus={onFocus}
        onChange={(event) => onChange(event.target.value)}
        onScroll={(event) => {
          if (gutterRef.current) gutterRef.current.scrollTop = event.currentTarget.scrollTop
        }}
        onKeyDown={(event) => {
          // Tab indents inside the editor; Escape then Tab still leaves it (keyboard users are not trapped).
          if (event.key === 'Tab' && !event.shiftKey && !event.altKey && !event.metaKey && !event.ctrlKey && event.currentTarget.dataset.escaped !== 'true') {
            event.preventDefault()
            const textarea = event.currentTarget
            const { selectionStart, selectionEnd } = textarea
            textarea.setRangeText('  ', selectionStart, selectionEnd, 'end')
            onChange(textarea.value)
          } else if (event.key === 'Escape') {
            event.currentTarget.dataset.escaped = 'true'
          } else {
            event.currentTarget.dataset.escaped = 'false'
          }
        }}
        className="min-h-0 flex-1 resize-none overflow-auto bg-transparent px-3 py-2 whitespace-pre text-slate-900 focus:outline-none"
        style={{ lineHeight: `${LINE_HEIGHT_PX}px`, tabSize: 2 }}
      />
    </div>
  )
})
