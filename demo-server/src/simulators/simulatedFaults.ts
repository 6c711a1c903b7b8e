/**
 * Magic-value faults: "unavailable" answers HTTP 503 at once; "timeout" holds the request for
 * the configured delay (longer than the portal's client timeout by default) and then answers
 * HTTP 504. Pending delays end early when the app closes, so shutdown is never held up.
 */
import type { FastifyReply } from 'fastify';
import type { SimulatedFault } from './magicValues.js';
import { type SimulatorErrorCode, sendError } from './simulatorErrors.js';

/** The error a fault ends with: 504 after a timeout's delay, 503 for an unavailable system. */
export function faultErrorCode(fault: SimulatedFault): SimulatorErrorCode {
  return fault === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'SERVICE_UNAVAILABLE';
}

export class SimulatedFaults {
  readonly #delayMs: number;
  readonly #pending = new Set<() => void>();
  #closed = false;

  constructor(delayMs: number) {
    this.#delayMs = delayMs;
  }

  /** Waits the timeout delay (or until close). */
  delay(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#pending.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.#delayMs);
      this.#pending.add(done);
    });
  }

  /** Answers the fault; `extra` is merged into the error body (e.g. an ETSI status). */
  async reply(
    fault: SimulatedFault,
    reply: FastifyReply,
    extra?: Record<string, unknown>,
  ): Promise<FastifyReply> {
    if (fault === 'timeout') await this.delay();
    return sendError(reply, faultErrorCode(fault), undefined, extra);
  }

  close(): void {
    this.#closed = true;
    for (const done of [...this.#pending]) done();
  }
}
