/**
 * google-auth-library probes the GCE metadata server when it looks for credentials, and its
 * gcp-metadata module reports each failed probe as a process warning (MetadataLookupWarning). Off
 * GCE that is two lines of noise before the CLI's own one-line error that says what to do. The
 * CLI drops those warnings and only those; the library leaves the process's warnings alone.
 */
export function silenceMetadataLookupWarnings(): void {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const name = warning instanceof Error ? warning.name : type;
    if (name === 'MetadataLookupWarning') return;
    (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
  };
}
