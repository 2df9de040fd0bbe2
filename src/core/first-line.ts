/**
 * The first line of a message from a library (OpenSSL, the AWS SDK, google-auth-library): theirs
 * run over several lines of detail, and partpush's errors are one line.
 */
export function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
