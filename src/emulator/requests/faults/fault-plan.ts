import type { Action } from '../classify-request.js';

/** A store failure to act out, so tests can show how a client copes with it. */
export type Fault =
  /** Answer with this status and S3 error code (after reading the body, as a store would). */
  | { kind: 'status'; status: number; code: string; message?: string; retryAfterSeconds?: number }
  /** Cut the connection (HTTP/1.1) or reset the stream (HTTP/2) after this many body bytes. */
  | { kind: 'reset'; afterBytes: number }
  /** Stop reading the body after this many bytes and never answer (until the client gives up). */
  | { kind: 'stall'; afterBytes: number }
  /** HTTP/2 only: send a graceful GOAWAY on the session once this many body bytes arrived. */
  | { kind: 'goaway'; afterBytes: number }
  /** Flip a byte of the body as it arrives, before any check: damage in transit that checksums must catch. */
  | { kind: 'garble' }
  /** Store the part, answer 200, then corrupt the kept bytes (storage rot the client must detect). */
  | { kind: 'corrupt' }
  /** Do what was asked, then cut the connection instead of answering: the answer is lost. */
  | { kind: 'lose-answer' }
  /**
   * Complete only: take `seconds` before answering, in silence, or (`whitespace`, as S3 does for a long Complete)
   * with the 200 status at once and a space every second until the document.
   */
  | { kind: 'slow-answer'; seconds: number; whitespace?: boolean }
  /**
   * Abort only: answer 204 and keep the upload and its parts, as parts still arriving during an
   * abort survive it on S3 (its documentation says to list the parts and abort again).
   */
  | { kind: 'pretend' };

export interface FaultRule {
  /** Which requests: any field left out matches all. */
  action?: Action;
  partNumber?: number;
  key?: string;
  /** Let this many matching requests through first (default 0). */
  skip?: number;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
  fault: Fault;
}

interface ActiveRule extends FaultRule {
  seen: number;
  applied: number;
}

/** The faults an emulator will inject, consumed in order as matching requests arrive. */
export class FaultPlan {
  readonly #rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    this.#rules.push({ ...rule, seen: 0, applied: 0 });
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** The fault for this request, if a rule claims it. */
  take(request: { action: Action; partNumber?: number; key: string }): Fault | undefined {
    for (const rule of this.#rules) {
      if (rule.action !== undefined && rule.action !== request.action) continue;
      if (rule.partNumber !== undefined && rule.partNumber !== request.partNumber) continue;
      if (rule.key !== undefined && rule.key !== request.key) continue;
      rule.seen++;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      if (rule.applied >= (rule.times ?? 1)) continue;
      rule.applied++;
      return rule.fault;
    }
    return undefined;
  }
}
