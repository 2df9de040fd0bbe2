/**
 * Takes the password out of every URL in `text` (`scheme://user:password@host`): credentials users
 * put in an endpoint or a proxy URL must never reach a message, `--json` or `--verbose`.
 */
export function redactUrlCredentials(text: string): string {
  // The userinfo runs to the last @ of the authority: a password may hold an @ of its own. A user
  // name alone may be a token (`https://TOKEN@host`), so it goes too.
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/\s?#]*)@/gi, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme}${colon >= 0 ? `${userinfo.slice(0, colon)}:***` : '***'}@`;
  });
}
