import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

// Secrets at rest (SMTP password, DKIM key): AES-256-GCM with a key derived from OUTPOST_SECRET
// by HKDF, so a copied database alone reveals nothing. Format: v1.<iv>.<tag>.<ciphertext>
// (base64url). The workspace id is authenticated data: a cipher moved to another workspace fails.

const VERSION = 'v1'
const IV_BYTES = 12

export interface SecretBox {
  seal(plaintext: string, workspaceId: string): string
  /** Null when the text was not sealed with this secret for this workspace (or was altered). */
  open(sealed: string, workspaceId: string): string | null
}

export function createSecretBox(secret: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', secret, 'outpost', 'sending-settings-secrets v1', 32))
  return {
    seal(plaintext, workspaceId) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(workspaceId, 'utf8'))
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.')
    },
    open(sealed, workspaceId) {
      const [version, iv, tag, ciphertext, ...rest] = sealed.split('.')
      if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) return null
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        decipher.setAAD(Buffer.from(workspaceId, 'utf8'))
        decipher.setAuthTag(Buffer.from(tag, 'base64url'))
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
      } catch {
        return null
      }
    },
  }
}
