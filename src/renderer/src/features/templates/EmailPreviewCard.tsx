import type { ReactNode } from 'react'

export interface EmailPreviewCardProps {
  /** Pixel width of the email as the recipient's client would lay it out. */
  width: number
  /** The envelope lines above the body (subject, sender, recipient). */
  envelope: ReactNode
  /** The rendered email as a whole HTML document. */
  srcDoc: string
  /** Height of the frame. */
  frameClassName: string
  /** Corner rounding of the card. */
  className?: string
  /** Shown instead of the HTML frame (the plain-text part). */
  children?: ReactNode
}

/** A rendered email at a given width: envelope on top, the HTML in a sandboxed frame below. */
export function EmailPreviewCard({ width, envelope, srcDoc, frameClassName, className = 'rounded-lg', children }: EmailPreviewCardProps) {
  return (
    <div className={`mx-auto flex flex-col overflow-hidden bg-white shadow-sm ring-1 ring-slate-200 ${className}`} style={{ width }}>
      {envelope}
      {children ?? (
        // No allow-scripts, no allow-same-origin, no forms: the HTML is the user's and the merge values are the contacts', so it cannot run code or reach the app.
        <iframe title="Email preview" sandbox="" srcDoc={srcDoc} className={`w-full border-0 bg-white ${frameClassName}`} />
      )}
    </div>
  )
}
