import { EmulatorError } from '../store/emulator-error.js';
import type { ChunkSignatures } from './auth/chunk-signatures.js';

/** A size line or a trailer line longer than this is not aws-chunked framing. */
const MAX_LINE_BYTES = 4096;

type State = 'size' | 'data' | 'data-end' | 'trailers' | 'done';

/**
 * Decodes an `aws-chunked` request body as it streams in: `<hex size>[;extensions]\r\n<data>\r\n`
 * until a zero-size chunk, then trailer lines (`name:value\r\n`) and an empty line. Data is handed
 * on as views of the incoming buffers, without copies. Malformed framing fails the request the way
 * S3 does, so a client that frames wrongly cannot pass here and fail against a real store. With
 * `signatures` (a signed streaming body under --key), each chunk and the trailer are checked as
 * they end.
 */
export class AwsChunkedDecoder {
  #state: State = 'size';
  /** Bytes of the chunk being read that have not arrived yet. */
  #remaining = 0;
  /** A size or trailer line, or the CRLF after a chunk's data, split across incoming buffers. */
  #line = '';
  readonly trailers = new Map<string, string>();
  /** The trailer lines as sent, in order, for the trailer signature (which is not one of them). */
  readonly #trailerLines: string[] = [];
  #trailerSignature: string | undefined;

  readonly #signatures: ChunkSignatures | undefined;

  constructor(signatures?: ChunkSignatures) {
    this.#signatures = signatures;
  }

  /** Feeds the next raw bytes; returns the data bytes they carried. */
  push(raw: Buffer): Buffer[] {
    const data: Buffer[] = [];
    let at = 0;
    while (at < raw.length) {
      if (this.#state === 'data') {
        const n = Math.min(this.#remaining, raw.length - at);
        const view = raw.subarray(at, at + n);
        data.push(view);
        this.#signatures?.update(view);
        at += n;
        this.#remaining -= n;
        if (this.#remaining === 0) {
          this.#state = 'data-end';
          this.#signatures?.end();
        }
        continue;
      }
      if (this.#state === 'done') throw malformed('bytes after the end of the aws-chunked body');
      const newline = raw.indexOf(0x0a, at);
      const end = newline === -1 ? raw.length : newline + 1;
      this.#line += raw.toString('latin1', at, end);
      at = end;
      if (this.#line.length > MAX_LINE_BYTES) throw malformed('an aws-chunked framing line is too long');
      if (newline !== -1) this.#endOfLine();
    }
    return data;
  }

  /** Call when the body has ended: throws unless the framing ended properly. */
  finish(): void {
    if (this.#state !== 'done') {
      throw new EmulatorError(400, 'IncompleteBody', 'The aws-chunked body ended before its final zero-size chunk and trailers.');
    }
  }

  #endOfLine(): void {
    const line = this.#line;
    this.#line = '';
    if (!line.endsWith('\r\n')) throw malformed('aws-chunked framing lines end with CRLF');
    const text = line.slice(0, -2);
    if (this.#state === 'data-end') {
      if (text !== '') throw malformed('a chunk had more bytes than its size line said');
      this.#state = 'size';
    } else if (this.#state === 'size') {
      const size = text.split(';', 1)[0]!;
      if (!/^[0-9a-fA-F]{1,16}$/.test(size)) throw malformed(`"${text.slice(0, 40)}" is not a chunk size line`);
      this.#remaining = Number.parseInt(size, 16);
      this.#signatures?.begin(text.slice(size.length + 1));
      this.#state = this.#remaining === 0 ? 'trailers' : 'data';
      // The last chunk has no data: it is signed over nothing, and ends here.
      if (this.#remaining === 0) this.#signatures?.end();
    } else if (text === '') {
      this.#state = 'done';
      this.#signatures?.endTrailer(this.#trailerLines, this.#trailerSignature);
    } else {
      this.#trailer(text);
    }
  }

  #trailer(text: string): void {
    const colon = text.indexOf(':');
    if (colon <= 0) throw new EmulatorError(400, 'MalformedTrailerError', `The trailer line "${text.slice(0, 60)}" is not name:value.`);
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.#trailerSignature = value;
      return;
    }
    this.#trailerLines.push(text);
    this.trailers.set(name, value);
  }
}

function malformed(detail: string): EmulatorError {
  return new EmulatorError(400, 'InvalidRequest', `Malformed aws-chunked body: ${detail}.`);
}
