import type { SettingsStore } from '../storage/settingsStore'
import type { SecretBox } from './secretBox'
import { sendingSecretsSchema, storedSendingConfigSchema, type SendingSettingsState } from './sendingSettings'

// Reads and writes a workspace's sending settings, sealing the secrets on the way in.

export interface LoadedSendingSettings extends SendingSettingsState {
  updatedAt: number
  /** The stored secrets could not be decrypted (another OUTPOST_SECRET): `secrets` are empty. */
  secretsUnreadable: boolean
}

/** Thrown when mail needs stored secrets that cannot be opened: the database moved to a server with another OUTPOST_SECRET. */
export class UnreadableSecretsError extends Error {
  constructor(workspaceId: string) {
    super(`the saved SMTP password and DKIM key of workspace ${workspaceId} cannot be decrypted (was OUTPOST_SECRET changed?): save them again in Settings → Sending`)
    this.name = 'UnreadableSecretsError'
  }
}

export interface SendingSettingsRepository {
  load(workspaceId: string): Promise<LoadedSendingSettings | null>
  /** False when the workspace is gone. */
  save(workspaceId: string, state: SendingSettingsState, at: number, userId: string): Promise<boolean>
}

export function createSendingSettingsRepository(store: SettingsStore, box: SecretBox): SendingSettingsRepository {
  return {
    async load(workspaceId) {
      const stored = await store.getSendingSettings(workspaceId)
      if (stored === null) return null
      const config = storedSendingConfigSchema.parse(JSON.parse(stored.configJson))
      const opened = stored.secretsCipher === null ? null : box.open(stored.secretsCipher, workspaceId)
      const secrets = opened === null ? { smtpPassword: null, dkimPrivateKey: null } : sendingSecretsSchema.parse(JSON.parse(opened))
      return { config, secrets, updatedAt: stored.updatedAt, secretsUnreadable: stored.secretsCipher !== null && opened === null }
    },

    save(workspaceId, state, at, userId) {
      const hasSecrets = state.secrets.smtpPassword !== null || state.secrets.dkimPrivateKey !== null
      return store.saveSendingSettings({
        workspaceId,
        configJson: JSON.stringify(state.config),
        secretsCipher: hasSecrets ? box.seal(JSON.stringify(state.secrets), workspaceId) : null,
        updatedAt: at,
        updatedBy: userId,
      })
    },
  }
}
