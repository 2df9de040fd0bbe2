/**
 * Takes the password out of every URL in `text` (`scheme://user:password@host`): credentials users
 * put in an endpoint or a proxy URL must never reach a message, `--json` or `--verbose`.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/\s@:"']*):[^/\s@"']*@/gi, '$1$2:***@');
}
