import { useState } from 'react'
import { platform } from '../../platform'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'

/** The signing secret, shown once (after adding an endpoint or rotating its secret), with Copy. */
export function WebhookSecretDialog({ secret, onClose }: { secret: string; onClose: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const copy = async () => {
    try {
      await platform.copyText(secret)
      setCopied('yes')
    } catch {
      setCopied('failed')
    }
  }
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title="Signing secret"
      description="Copy it now: Outpost shows it only once. Your receiver uses it to check that requests come from this workspace."
      footer={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <div className="flex flex-col gap-3">
        <div className="flex items-center gap-2">
          <code aria-label="Signing secret" className="min-w-0 flex-1 rounded-md border border-slate-200 bg-slate-50 px-2.5 py-1.5 font-mono text-xs break-all text-slate-900 select-all">
            {secret}
          </code>
          <Button size="sm" variant="secondary" onClick={() => void copy()}>
            {copied === 'yes' ? 'Copied' : 'Copy'}
          </Button>
        </div>
        {copied === 'failed' ? (
          <p role="alert" className="text-xs text-red-600">
            Copying did not work here: select the secret and copy it by hand.
          </p>
        ) : null}
        <p className="text-xs text-slate-600">
          Each request carries <code>x-outpost-timestamp</code> (unix seconds) and <code>x-outpost-signature: v1=</code>
          <em>hex HMAC-SHA256 of “timestamp.body” with this secret</em>. Recompute it over the raw body, compare in constant time, and refuse timestamps older than a few
          minutes.
        </p>
      </div>
    </Dialog>
  )
}
