import { automaticMove, lastMoveWasManual, type StageMovePatch } from '@core/lifecycle/stageMoves'
import type { LifecycleSettings } from '@core/lifecycle/lifecycleSettings'
import { stageForScore, type ContactScore, type ScoringConfig } from '@core/scoring/score'
import type { Contact, LifecycleStage } from '@core/schema'
import type { ContactIndex } from '../../data/contactIndex'
import type { OutpostDatabase } from '../../data/database'
import { patchSyncedDocs } from '../../data/syncedWrites'
import { yieldToBrowser } from '../export/chunkedWork'
import type { ScoreService } from './scoreService'

// Score thresholds move contacts forward (lead → marketing qualified → sales qualified). The
// decision is a pure function of the synced contact, the synced rules and the engagement every
// device sees, and moves only go forward, so devices that run it independently converge.

const WRITE_CHUNK = 500

/** Where the score takes this contact now, or null: automation off, a manual last move, stage not in use, or not forward. */
export function scoreMoveFor(
  contact: Contact,
  score: ContactScore | undefined,
  config: ScoringConfig,
  settings: LifecycleSettings,
  at: number,
): StageMovePatch | null {
  if (!score || !settings.automation.scoreMoves || lastMoveWasManual(contact)) return null
  const target = stageForScore(score.total, config)
  if (!target || !stageInUse(settings, target)) return null
  return automaticMove(contact, target, 'score', at)
}

function stageInUse(settings: LifecycleSettings, stage: LifecycleStage): boolean {
  return settings.stages.find((entry) => entry.stage === stage)?.enabled ?? true
}

/**
 * Applies score moves for contacts whose score changed, in bulk writes of a few hundred with the
 * UI getting its turn between them. Each write re-checks the stored contact, so a stale score
 * never moves anyone backwards or over a manual move made meanwhile.
 */
/** How long one slice of checking contacts may hold the main thread. */
const SCAN_SLICE_MS = 12

export class ScoreAutomationRunner {
  private settings: LifecycleSettings | null = null
  private pendingAll = false
  private readonly pending = new Set<string>()
  private running = false
  private stopped = false
  private stopListening: (() => void) | null = null

  constructor(
    private readonly db: OutpostDatabase,
    private readonly contacts: ContactIndex,
    private readonly service: ScoreService,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.stopListening = this.service.onScoresChanged((ids) => {
      if (ids === null) this.pendingAll = true
      else for (const id of ids) this.pending.add(id)
      void this.run()
    })
    // Scores computed before this runner started (the initial pass) are checked too.
    if (this.service.getSnapshot().ready) this.pendingAll = true
  }

  stop(): void {
    this.stopped = true
    this.stopListening?.()
  }

  /** The lifecycle settings changed (automation turned on, stages in use): everyone is checked again. */
  setSettings(settings: LifecycleSettings): void {
    const wasOff = !this.settings?.automation.scoreMoves
    this.settings = settings
    if (wasOff && settings.automation.scoreMoves && this.service.getSnapshot().ready) this.pendingAll = true
    void this.run()
  }

  /** Resolves when nothing is waiting (tests). */
  async idle(): Promise<void> {
    while (this.running || this.pendingAll || this.pending.size > 0) {
      if (!this.running) await this.run()
      else await yieldToBrowser()
    }
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped || !this.settings) return
    this.running = true
    try {
      while (!this.stopped && (this.pendingAll || this.pending.size > 0)) {
        const settings = this.settings
        const ids = this.pendingAll ? this.allIds() : [...this.pending]
        this.pendingAll = false
        this.pending.clear()
        if (!settings.automation.scoreMoves) continue
        const config = this.service.currentConfig
        const at = this.now()
        const moving: string[] = []
        // Checking 100,000 contacts after a full pass takes longer than a frame: in slices.
        let sliceStart = performance.now()
        for (let index = 0; index < ids.length; index++) {
          const id = ids[index] as string
          const contact = this.contacts.get(id)
          if (contact && scoreMoveFor(contact, this.service.get(id), config, settings, at)) moving.push(id)
          if ((index & 255) === 255 && performance.now() - sliceStart >= SCAN_SLICE_MS) {
            await yieldToBrowser()
            if (this.stopped) return
            sliceStart = performance.now()
          }
        }
        for (let start = 0; start < moving.length && !this.stopped; start += WRITE_CHUNK) {
          const chunk = moving.slice(start, start + WRITE_CHUNK)
          await patchSyncedDocs<Contact>(this.db.contacts, chunk, (stored) => scoreMoveFor(stored, this.service.get(stored.id), config, settings, at))
          await yieldToBrowser()
        }
      }
    } finally {
      this.running = false
    }
  }

  private allIds(): string[] {
    const ids: string[] = []
    for (const contact of this.contacts.all()) ids.push(contact.id)
    return ids
  }
}
