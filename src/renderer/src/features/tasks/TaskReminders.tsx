// Placeholder for a background runner mounted once in the app shell; replaced by the real one.
export function TaskReminders() {
  return null
}
