import { companyInitials } from './companyInput'

// A stable tint per company so rows are easier to scan than a wall of identical grey squares.
const TINTS = [
  'bg-sky-100 text-sky-800',
  'bg-emerald-100 text-emerald-800',
  'bg-amber-100 text-amber-800',
  'bg-rose-100 text-rose-800',
  'bg-violet-100 text-violet-800',
  'bg-teal-100 text-teal-800',
  'bg-orange-100 text-orange-800',
  'bg-indigo-100 text-indigo-800',
] as const

function tintFor(name: string): string {
  let hash = 0
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0
  return TINTS[hash % TINTS.length] ?? TINTS[0]
}

export function CompanyAvatar({ name, size = 'sm' }: { name: string; size?: 'sm' | 'lg' }) {
  const sizing = size === 'lg' ? 'h-12 w-12 rounded-xl text-base' : 'h-7 w-7 rounded-md text-[11px]'
  return (
    <span aria-hidden className={`grid shrink-0 place-items-center font-semibold ${sizing} ${tintFor(name)}`}>
      {companyInitials(name)}
    </span>
  )
}
