import { useEffect, useRef, type RefObject } from 'react'

/** While `active`, a pointer press outside `root` calls `onOutside` (closes menus and pickers). */
export function useOutsidePointerDown(root: RefObject<HTMLElement | null>, active: boolean, onOutside: () => void): void {
  // The latest callback, so an inline arrow does not re-subscribe on every render.
  const callback = useRef(onOutside)
  useEffect(() => {
    callback.current = onOutside
  })
  useEffect(() => {
    if (!active) return
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) callback.current()
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [root, active])
}
