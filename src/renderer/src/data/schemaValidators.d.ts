declare module 'virtual:schema-validators' {
  interface CompiledValidator {
    (document: unknown): boolean
    errors?: unknown[] | null
  }
  /** Build-time compiled validators by "<collection>@<schema version>" (scripts/schemaValidatorsPlugin.ts). */
  export const validators: Record<string, CompiledValidator>
}
