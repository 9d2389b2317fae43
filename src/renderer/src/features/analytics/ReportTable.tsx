import type { ReactNode } from 'react'

export interface ReportColumn {
  label: string
  /** Width and alignment, e.g. "w-28 text-right" for a figure. */
  className?: string
}

/** A plain table inside a report section: screen-reader caption, small grey headings, rows supplied as `children`. */
export function ReportTable({ caption, columns, className = 'w-full', children }: { caption: string; columns: readonly ReportColumn[]; className?: string; children: ReactNode }) {
  return (
    <table className={`${className} text-sm`}>
      <caption className="sr-only">{caption}</caption>
      <thead className="text-left text-xs text-slate-500">
        <tr>
          {columns.map((column) => (
            <th key={column.label} scope="col" className={column.className ? `px-4 py-2 font-medium ${column.className}` : 'px-4 py-2 font-medium'}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  )
}
