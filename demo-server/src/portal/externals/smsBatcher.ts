/**
 * OTP SMS sent to the gateway in batches (`POST /sms/send-batch`, docs/simulators.md §4): one HTTP request
 * per SMS cost the portal ≈ 0.35 ms of its event loop per password login, and the gateway as much again.
 *
 * Policy, with no added latency when the portal is quiet: the first message after a quiet period leaves at
 * once, together with whatever else is sent in the same event-loop turn (a `setImmediate`). While sends are
 * frequent, a message waits until `gapMs` after the previous batch left and then goes with the others that
 * waited; a batch holds at most `maxBatch` messages (a full batch leaves at once, the rest go in the next
 * request). Several batches may be in flight. Each `send` resolves with the outcome of ITS OWN message.
 */
import type { ExternalFailure, ExternalResult } from './simulatorsClient.js';

export interface SmsMessage {
  to: string;
  text: string;
}

export type SmsOutcome = ExternalResult<true>;

export interface SmsBatchSettings {
  /** Least time between two batches leaving while sends are frequent; 0 = every message on its own, at once. */
  gapMs: number;
  /** Most messages in one request. */
  maxBatch: number;
}

/** The gateway's limit on one request (`POST /sms/send-batch` takes 1–100 messages). */
export const SMS_BATCH_LIMIT = 100;

/** `KYSO_SMS_BATCH_GAP_MS` and `KYSO_SMS_BATCH_MAX` defaults. */
export const DEFAULT_SMS_BATCH: Readonly<SmsBatchSettings> = { gapMs: 25, maxBatch: SMS_BATCH_LIMIT };

/** Sends one batch; resolves with one outcome per message, in the messages' order. */
export type SmsBatchSender = (messages: readonly SmsMessage[]) => Promise<readonly SmsOutcome[]>;

interface WaitingMessage {
  message: SmsMessage;
  settle(outcome: SmsOutcome): void;
}

const failure = (f: ExternalFailure): SmsOutcome => ({ ok: false, failure: f });

export class SmsBatcher {
  readonly #sendBatch: SmsBatchSender;
  readonly #gapMs: number;
  readonly #maxBatch: number;
  #waiting: WaitingMessage[] = [];
  #lastDeparture = Number.NEGATIVE_INFINITY;
  #cancelScheduled: (() => void) | undefined;
  #closed = false;

  constructor(sendBatch: SmsBatchSender, settings: SmsBatchSettings) {
    if (!Number.isInteger(settings.gapMs) || settings.gapMs < 1 || settings.gapMs > 1000)
      throw new RangeError('SmsBatcher: gapMs must be an integer from 1 to 1000');
    if (!Number.isInteger(settings.maxBatch) || settings.maxBatch < 1 || settings.maxBatch > SMS_BATCH_LIMIT)
      throw new RangeError(`SmsBatcher: maxBatch must be an integer from 1 to ${SMS_BATCH_LIMIT}`);
    this.#sendBatch = sendBatch;
    this.#gapMs = settings.gapMs;
    this.#maxBatch = settings.maxBatch;
  }

  /** Queues one SMS; resolves with its own outcome once its batch is answered (never rejects). */
  send(to: string, text: string): Promise<SmsOutcome> {
    return new Promise((settle) => {
      this.#waiting.push({ message: { to, text }, settle });
      if (this.#closed || this.#waiting.length >= this.#maxBatch) this.#flush();
      else this.#schedule();
    });
  }

  /**
   * Sends what is waiting at once and cancels the pending timer; later sends leave at once, each on its own
   * (a closing portal keeps no timer). Batches already in flight settle as usual.
   */
  close(): void {
    this.#closed = true;
    this.#flush();
  }

  #schedule(): void {
    if (this.#cancelScheduled) return;
    const wait = this.#lastDeparture + this.#gapMs - performance.now();
    if (wait <= 0) {
      const immediate = setImmediate(() => this.#flush());
      this.#cancelScheduled = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.#flush(), wait);
      this.#cancelScheduled = () => clearTimeout(timer);
    }
  }

  #flush(): void {
    this.#cancelScheduled?.();
    this.#cancelScheduled = undefined;
    if (this.#waiting.length === 0) return;
    while (this.#waiting.length > 0) this.#dispatch(this.#waiting.splice(0, this.#maxBatch));
    this.#lastDeparture = performance.now();
  }

  #dispatch(batch: WaitingMessage[]): void {
    const settleAll = (outcome: SmsOutcome) => {
      for (const w of batch) w.settle(outcome);
    };
    let sent: Promise<readonly SmsOutcome[]>;
    try {
      sent = this.#sendBatch(batch.map((w) => w.message));
    } catch {
      settleAll(failure('unavailable'));
      return;
    }
    sent.then(
      (outcomes) => {
        if (outcomes.length !== batch.length) return settleAll(failure('invalidResponse'));
        batch.forEach((w, i) => {
          w.settle(outcomes[i] ?? failure('invalidResponse'));
        });
      },
      () => settleAll(failure('unavailable')),
    );
  }
}

/**
 * Reads the gateway's answer to a batch of `count` messages: `{results: [{id, to, sentAt} | {error: {code}}]}`
 * in request order. An HTTP failure fails every message with it; an answer that is malformed or has another
 * number of results fails every message with `invalidResponse`. A message refused with `UPSTREAM_TIMEOUT`
 * fails with `timeout`; any other refusal (`SERVICE_UNAVAILABLE`, `INVALID_REQUEST`, …) with `unavailable`.
 */
export function readSmsBatchAnswer(answer: ExternalResult<unknown>, count: number): SmsOutcome[] {
  if (!answer.ok)
    return Array(count).fill(failure(answer.failure === 'notFound' ? 'unavailable' : answer.failure));
  const value = answer.value;
  const results =
    typeof value === 'object' && value !== null ? (value as { results?: unknown }).results : undefined;
  const invalid = () => Array<SmsOutcome>(count).fill(failure('invalidResponse'));
  if (!Array.isArray(results) || results.length !== count) return invalid();
  const outcomes: SmsOutcome[] = [];
  for (const r of results as unknown[]) {
    const entry = (typeof r === 'object' && r !== null ? r : {}) as { id?: unknown; error?: unknown };
    if (typeof entry.id === 'string') {
      outcomes.push({ ok: true, value: true });
      continue;
    }
    const code = (entry.error as { code?: unknown } | null | undefined)?.code;
    if (typeof code !== 'string') return invalid();
    outcomes.push(failure(code === 'UPSTREAM_TIMEOUT' ? 'timeout' : 'unavailable'));
  }
  return outcomes;
}
