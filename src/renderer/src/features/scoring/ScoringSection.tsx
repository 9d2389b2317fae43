// Placeholder so the settings section exists; replaced by the real one.
export function ScoringSection() {
  return null
}
