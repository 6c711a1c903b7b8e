/**
 * The SMS and e-mail gateways and their outboxes:
 *   POST /sms/send {to, text} → {id, to, sentAt}
 *   POST /sms/send-batch {messages: [{to, text}, …]} (1–100) → {results: [{id, to, sentAt} | {error}, …]}
 *   POST /email/send {to, subject, text} → {id, to, sentAt}
 *   GET  /dev/outbox/sms?to=<phone>, /dev/outbox/email?to=<address> → {messages} (JSON, newest first)
 *   GET  /outbox/sms, /outbox/email → HTML pages
 */
import type { FastifyInstance } from 'fastify';
import { toDomesticPhone } from '../data/phoneNumbers.js';
import { faultFor, MAGIC_EMAIL, MAGIC_PHONE } from '../magicValues.js';
import type { MessageOutbox } from '../messageOutbox.js';
import { EmailOutboxPage, SmsOutboxPage } from '../pages/outboxPages.js';
import { sendPage } from '../pages/pageLayout.js';
import { faultErrorCode, type SimulatedFaults } from '../simulatedFaults.js';
import { errorBody, type SimulatorErrorBody, sendError } from '../simulatorErrors.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** One SMS, the body of `POST /sms/send` and each item of `POST /sms/send-batch`. */
const SMS_MESSAGE_SCHEMA = {
  type: 'object',
  required: ['to', 'text'],
  properties: {
    to: { type: 'string', minLength: 1, maxLength: 20 },
    text: { type: 'string', minLength: 1, maxLength: 1000 },
  },
} as const;

/** Most messages in one `POST /sms/send-batch`. */
export const SMS_BATCH_MAX_MESSAGES = 100;
/** Largest `POST /sms/send-batch` body (the app's default limit, 256 KiB, is for one message). */
const SMS_BATCH_BODY_LIMIT = 1024 * 1024;

const BAD_PHONE = 'to: 0xxxxxxxxx / 84xxxxxxxxx';

interface SmsSent {
  id: string;
  to: string;
  sentAt: string;
}

export interface OutboxRouteOptions {
  faults: SimulatedFaults;
  sms: MessageOutbox;
  email: MessageOutbox;
}

function emailFilter(to: string | undefined): string | undefined {
  return to?.trim() ? to.trim().toLowerCase() : undefined;
}

export async function outboxRoutes(app: FastifyInstance, opts: OutboxRouteOptions): Promise<void> {
  const deliver = (to: string, text: string): SmsSent => {
    const m = opts.sms.add({ to, text });
    return { id: m.id, to: m.to, sentAt: m.sentAt };
  };

  app.post<{ Body: { to: string; text: string } }>(
    '/sms/send',
    { schema: { body: SMS_MESSAGE_SCHEMA } },
    async (request, reply) => {
      const to = toDomesticPhone(request.body.to);
      if (!to) return sendError(reply, 'INVALID_REQUEST', BAD_PHONE);
      const fault = faultFor(to, MAGIC_PHONE);
      if (fault) return opts.faults.reply(fault, reply);
      return deliver(to, request.body.text);
    },
  );

  // A batch is answered as a whole: one "timeout" number holds the answer (and the delivery of every
  // message in it) for the fault delay, as a stalled gateway would; each message then gets its own result.
  app.post<{ Body: { messages: { to: string; text: string }[] } }>(
    '/sms/send-batch',
    {
      // 100 messages at their longest (1000 characters, each up to 6 bytes as a JSON escape) pass.
      bodyLimit: SMS_BATCH_BODY_LIMIT,
      schema: {
        body: {
          type: 'object',
          required: ['messages'],
          properties: {
            messages: {
              type: 'array',
              minItems: 1,
              maxItems: SMS_BATCH_MAX_MESSAGES,
              items: SMS_MESSAGE_SCHEMA,
            },
          },
        },
      },
    },
    async (request) => {
      const checked = request.body.messages.map(({ to: raw, text }) => {
        const to = toDomesticPhone(raw);
        return { to, text, fault: to ? faultFor(to, MAGIC_PHONE) : undefined };
      });
      if (checked.some((m) => m.fault === 'timeout')) await opts.faults.delay();
      const results = checked.map(({ to, text, fault }): SmsSent | SimulatorErrorBody => {
        if (!to) return errorBody('INVALID_REQUEST', BAD_PHONE);
        return fault ? errorBody(faultErrorCode(fault)) : deliver(to, text);
      });
      return { results };
    },
  );

  app.post<{ Body: { to: string; subject: string; text: string } }>(
    '/email/send',
    {
      schema: {
        body: {
          type: 'object',
          required: ['to', 'subject', 'text'],
          properties: {
            to: { type: 'string', minLength: 3, maxLength: 320 },
            subject: { type: 'string', minLength: 1, maxLength: 300 },
            text: { type: 'string', minLength: 1, maxLength: 20_000 },
          },
        },
      },
    },
    async (request, reply) => {
      const to = request.body.to.trim().toLowerCase();
      if (!EMAIL.test(to)) return sendError(reply, 'INVALID_REQUEST', 'to: e-mail address');
      const fault = faultFor(to, MAGIC_EMAIL);
      if (fault) return opts.faults.reply(fault, reply);
      const m = opts.email.add({ to, subject: request.body.subject, text: request.body.text });
      return { id: m.id, to: m.to, sentAt: m.sentAt };
    },
  );

  const toQuery = {
    querystring: { type: 'object', properties: { to: { type: 'string', maxLength: 320 } } },
  } as const;

  app.get<{ Querystring: { to?: string } }>(
    '/dev/outbox/sms',
    { schema: toQuery },
    async (request, reply) => {
      const raw = request.query.to?.trim();
      if (!raw) return { messages: opts.sms.list() };
      const to = toDomesticPhone(raw);
      if (!to) return sendError(reply, 'INVALID_REQUEST', BAD_PHONE);
      return { messages: opts.sms.list(to) };
    },
  );

  app.get<{ Querystring: { to?: string } }>('/dev/outbox/email', { schema: toQuery }, async (request) => ({
    messages: opts.email.list(emailFilter(request.query.to)),
  }));

  app.get<{ Querystring: { to?: string } }>('/outbox/sms', { schema: toQuery }, async (request, reply) => {
    const raw = request.query.to?.trim() || undefined;
    const to = raw ? (toDomesticPhone(raw) ?? raw) : undefined;
    return sendPage(reply, SmsOutboxPage({ messages: opts.sms.list(to), to: raw }));
  });

  app.get<{ Querystring: { to?: string } }>('/outbox/email', { schema: toQuery }, async (request, reply) => {
    const to = emailFilter(request.query.to);
    return sendPage(reply, EmailOutboxPage({ messages: opts.email.list(to), to }));
  });
}
