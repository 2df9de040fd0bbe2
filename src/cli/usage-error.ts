/** A mistake in the command line itself (exit code 2), as opposed to a failed upload (exit code 1). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
  }
}
