/**
 * Node 24 warns that importing WebAssembly modules is experimental; the schema engine package is
 * one. The warning says nothing a user can act on, so the CLI drops that one warning only.
 */
export function quietWebAssemblyImportWarning() {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.includes('WebAssembly module')) return;
    Reflect.apply(emitWarning, process, [warning, ...rest]);
  }) as typeof process.emitWarning;
}
