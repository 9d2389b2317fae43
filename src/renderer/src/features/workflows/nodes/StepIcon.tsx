import type { WorkflowStepType } from '@core/schema'

// Stroke icons drawn here rather than emoji/symbol glyphs, which many Linux fonts lack.
const PATHS: Record<WorkflowStepType, string> = {
  send_email: 'M4 6h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1z M3 7l9 6 9-6',
  wait: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M12 7v5l3 2',
  branch: 'M12 3v6 M12 9l-6 6v6 M12 9l6 6v6',
  update_field: 'M4 20h4L19 9l-4-4L4 16v4z M13 7l4 4',
  add_tag: 'M3 12V4h8l10 10-8 8L3 12z M7.5 7.5h.01',
  remove_tag: 'M3 12V4h8l10 10-8 8L3 12z M7.5 7.5h.01',
  add_to_list: 'M8 6h13 M8 12h13 M8 18h13 M3.5 6h.01 M3.5 12h.01 M3.5 18h.01',
  remove_from_list: 'M8 6h13 M8 12h13 M8 18h13 M3.5 6h.01 M3.5 12h.01 M3.5 18h.01',
  set_stage: 'M12 20V5 M5 12l7-7 7 7',
  adjust_score: 'M12 4v8 M8 8h8 M8 18h8',
  create_task: 'M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z M8 12l3 3 5-6',
  notify_member: 'M6 16v-5a6 6 0 1 1 12 0v5l2 2H4l2-2z M10 21h4',
  call_webhook: 'M4 8h14 M14 4l4 4-4 4 M20 16H6 M10 12l-4 4 4 4',
  exit: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M9 9h6v6H9z',
}

export function StepIcon({ type, className = 'h-4 w-4' }: { type: WorkflowStepType; className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className={className}>
      <path d={PATHS[type]} />
    </svg>
  )
}
