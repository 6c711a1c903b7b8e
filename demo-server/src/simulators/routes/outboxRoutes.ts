/**
 * The SMS and e-mail gateways and their outboxes:
 *   POST /sms/send {to, text} → {id, to, sentAt}
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
import type { SimulatedFaults } from '../simulatedFaults.js';
import { sendError } from '../simulatorErrors.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export interface OutboxRouteOptions {
  faults: SimulatedFaults;
  sms: MessageOutbox;
  email: MessageOutbox;
}

function emailFilter(to: string | undefined): string | undefined {
  return to?.trim() ? to.trim().toLowerCase() : undefined;
}

export async function outboxRoutes(app: FastifyInstance, opts: OutboxRouteOptions): Promise<void> {
  app.post<{ Body: { to: string; text: string } }>(
    '/sms/send',
    {
      schema: {
        body: {
          type: 'object',
          required: ['to', 'text'],
          properties: {
            to: { type: 'string', minLength: 1, maxLength: 20 },
            text: { type: 'string', minLength: 1, maxLength: 1000 },
          },
        },
      },
    },
    async (request, reply) => {
      const to = toDomesticPhone(request.body.to);
      if (!to) return sendError(reply, 'INVALID_REQUEST', 'to: 0xxxxxxxxx / 84xxxxxxxxx');
      const fault = faultFor(to, MAGIC_PHONE);
      if (fault) return opts.faults.reply(fault, reply);
      const m = opts.sms.add({ to, text: request.body.text });
      return { id: m.id, to: m.to, sentAt: m.sentAt };
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
      if (!to) return sendError(reply, 'INVALID_REQUEST', 'to: 0xxxxxxxxx / 84xxxxxxxxx');
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
