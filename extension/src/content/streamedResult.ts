/**
 * A batch's signatures that reach the content script ahead of its result: the background passes
 * on each progress event the signatures the host streamed with it (`part`), and the result holds
 * only the rest, `from` the index of its first. The content script puts the page's final message
 * back together, so the page sees the same protocol as ever: progress events with
 * `{ done, total }` and one result with every signature. Anything out of step becomes an INTERNAL
 * error for the page, never a signature at the wrong index. Background → content script only.
 */
import type { ErrorCode } from '../../../lib/src/protocol/errorCodes.js';
import { PAGE_PROTOCOL_VERSION } from '../../../lib/src/protocol/pageMessages.js';

export interface FromBackground {
  kyso: typeof PAGE_PROTOCOL_VERSION;
  id: string;
  event?: unknown;
  data?: unknown;
  part?: unknown;
  result?: unknown;
  error?: unknown;
  from?: unknown;
}

const INTERNAL: ErrorCode = 'INTERNAL';

export class StreamedResults {
  private readonly parts = new Map<string, string[] | null>();

  /** The message as the page gets it; a progress event's `part` is kept here, not passed on. */
  toPage(m: FromBackground): FromBackground {
    if (m.event !== undefined) {
      if (m.part === undefined) return m;
      const { part, ...event } = m;
      // null: a part was malformed, the request's result will be refused.
      const kept = this.parts.has(m.id) ? this.parts.get(m.id) : [];
      if (kept && Array.isArray(part) && part.every((s) => typeof s === 'string'))
        this.parts.set(m.id, [...kept, ...(part as string[])]);
      else this.parts.set(m.id, null);
      return event;
    }
    const kept = this.parts.get(m.id);
    this.parts.delete(m.id);
    // An error (a token pulled out mid-batch…) goes to the page as it is.
    if (m.error !== undefined || (m.from === undefined && kept === undefined)) return m;
    const result = m.result as { signatures?: unknown } | undefined;
    if (
      !kept ||
      m.from !== kept.length ||
      !Array.isArray(result?.signatures) ||
      !result.signatures.every((s) => typeof s === 'string')
    ) {
      return {
        kyso: PAGE_PROTOCOL_VERSION,
        id: m.id,
        error: { code: INTERNAL, message: 'the signatures of the batch arrived out of step' },
      };
    }
    return {
      kyso: PAGE_PROTOCOL_VERSION,
      id: m.id,
      result: { ...result, signatures: [...kept, ...result.signatures] },
    };
  }

  /** Forgets a request's signatures (its frame's port closed). */
  drop(id: string): void {
    this.parts.delete(id);
  }
}
