/** The "+" of New … buttons; inherits the text colour. */
export function PlusIcon({ className = 'h-3.5 w-3.5', strokeWidth = 2 }: { className?: string; strokeWidth?: number }) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className={className} fill="none" stroke="currentColor" strokeWidth={strokeWidth}>
      <path d="M8 3.5v9M3.5 8h9" strokeLinecap="round" />
    </svg>
  )
}
