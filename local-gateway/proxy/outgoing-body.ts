// The IDE's request body on its way upstream. With a fresh token at hand and a declared length,
// the upstream request is opened before the body arrives (IDEs send headers and body in
// separate writes, so the pooled socket is assigned meanwhile) and ended once the body is in
// full. The body is kept for one replay (after a 401, a step-up or a dead pooled socket).
import type { ClientRequest, IncomingMessage } from 'node:http';

export class OutgoingBody {
  private body: Buffer | undefined;
  /** The body has been read in full (`body` is final). */
  private done = false;
  /** Length the IDE declared, when the upstream request was opened before the body arrived. */
  private declared: number | undefined;

  /** The declared length when the request may be opened before its body arrives, else undefined. */
  static earlyLength(req: IncomingMessage, maxBody: number): number | undefined {
    const length = req.headers['content-length'];
    if (length === undefined || length === '0') return undefined;
    const n = Number(length);
    return n <= maxBody ? n : undefined;
  }

  /** The upstream request is opened before the body: it announces this length. */
  openEarly(length: number): void {
    this.declared = length;
  }

  get complete(): boolean {
    return this.done;
  }

  /** The Content-Length to send upstream (undefined: none known, or no body). */
  get length(): number | undefined {
    return this.done ? this.body?.length : this.declared;
  }

  /** The body was read in full. */
  finish(body: Buffer | undefined): void {
    this.body = body;
    this.done = true;
  }

  /** Ends an upstream request with the body, if the body is in full; a request that waits for it is ended by finish's caller. */
  endIfComplete(ureq: ClientRequest): void {
    if (this.done && !ureq.writableEnded && !ureq.destroyed) ureq.end(this.body);
  }
}
