import { createSecretBox } from '../sendingSettings/secretBox'
import type { SecretBox } from '../sendingSettings/secretBox'

// Endpoint signing secrets at rest: sealed with the server secret (secretBox.ts), bound to the
// workspace and the endpoint, so a cipher copied to another endpoint or workspace does not open.

export interface WebhookSecrets {
  seal(secret: string, workspaceId: string, endpointId: string): string
  /** Null when the cipher does not open (OUTPOST_SECRET changed, or it was moved or altered). */
  open(cipher: string, workspaceId: string, endpointId: string): string | null
}

export function createWebhookSecrets(serverSecret: string): WebhookSecrets {
  const box: SecretBox = createSecretBox(serverSecret)
  const binding = (workspaceId: string, endpointId: string) => `${workspaceId}/webhook/${endpointId}`
  return {
    seal: (secret, workspaceId, endpointId) => box.seal(secret, binding(workspaceId, endpointId)),
    open: (cipher, workspaceId, endpointId) => box.open(cipher, binding(workspaceId, endpointId)),
  }
}
