/** The SMS and e-mail gateways' outboxes: what the portal "sent", newest first, bounded in memory. */
import { randomUUID } from 'node:crypto';

export interface OutboxMessage {
  id: string;
  to: string;
  subject?: string;
  text: string;
  /** ISO time. */
  sentAt: string;
}

export class MessageOutbox {
  readonly #messages: OutboxMessage[] = [];
  readonly #limit: number;
  readonly #now: () => number;

  constructor(options: { limit?: number; now: () => number }) {
    this.#limit = options.limit ?? 1000;
    this.#now = options.now;
  }

  add(message: { to: string; subject?: string; text: string }): OutboxMessage {
    const stored: OutboxMessage = {
      id: randomUUID(),
      to: message.to,
      ...(message.subject !== undefined ? { subject: message.subject } : {}),
      text: message.text,
      sentAt: new Date(this.#now()).toISOString(),
    };
    this.#messages.unshift(stored);
    if (this.#messages.length > this.#limit) this.#messages.length = this.#limit;
    return stored;
  }

  /** Newest first; only those sent to `to` when given. */
  list(to?: string): OutboxMessage[] {
    return to === undefined ? [...this.#messages] : this.#messages.filter((m) => m.to === to);
  }
}
