import { escapeXml } from '../../wire/multipart-xml.js';

/** An S3-style error answer: HTTP status, error code and message, rendered as `<Error>` XML. */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Elements S3 adds to the <Error> document for this code (ClientComputedContentSHA256, ...). */
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }

  toXml(requestId: string): string {
    // Some stores' errors carry no message (Ceph RGW's XAmzContentSHA256Mismatch).
    const message = this.message === '' ? '' : `<Message>${escapeXml(this.message)}</Message>`;
    const details = Object.entries(this.details)
      .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${this.code}</Code>${message}${details}<RequestId>${requestId}</RequestId></Error>`;
  }
}
