// Placeholder so the settings section exists; replaced by the real one.
export function PipelinesSection() {
  return null
}
