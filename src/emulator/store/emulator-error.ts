import { escapeXml } from '../../wire/multipart-xml.js';

/** An S3-style error answer: HTTP status, error code and message, rendered as `<Error>` XML. */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toXml(requestId: string): string {
    // Some stores' errors carry no message (Ceph RGW's XAmzContentSHA256Mismatch).
    const message = this.message === '' ? '' : `<Message>${escapeXml(this.message)}</Message>`;
    return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${this.code}</Code>${message}<RequestId>${requestId}</RequestId></Error>`;
  }
}
