import { monotonicFactory } from 'ulid'

const nextUlid = monotonicFactory()

/** A client-generated ULID: sortable by creation time, unique without a server. */
export function newId(now: number = Date.now()): string {
  return nextUlid(now)
}

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/

export function isUlid(value: string): boolean {
  return ULID_PATTERN.test(value)
}
