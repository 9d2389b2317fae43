// Placeholder so the settings section exists; replaced by the real one.
export function LifecycleSection() {
  return null
}
