/**
 * The national systems the portal calls during registration and password login (population database,
 * carrier subscriber look-up, BHXH, SMS gateway with single and batched sends), with the same HTTP contracts as the simulators
 * (docs/simulators.md), but for a generated population of any size: the simulators know a dozen people,
 * the benches need a thousand distinct citizens. SMS texts stay in memory so the bench reads each OTP
 * directly (the fastest real path: the portal still sends it over HTTP).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMS_BATCH_MAX_MESSAGES } from '../../demo-server/src/simulators/routes/outboxRoutes.js';

export interface BenchCitizen {
  idNumber: string;
  fullName: string;
  /** dd/mm/yyyy, as the portal form takes it. */
  dateOfBirth: string;
  /** Domestic VinaPhone number 091xxxxxxx. */
  phone: string;
}

/** `count` distinct citizens: CCCD 001 0 99 + serial (Hà Nội, male, born 1999), phone 0912 + serial. */
export function benchCitizens(count: number, firstSerial = 0): BenchCitizen[] {
  const out: BenchCitizen[] = [];
  for (let i = firstSerial; i < firstSerial + count; i++) {
    const serial = String(i).padStart(6, '0');
    out.push({
      idNumber: `001099${serial}`,
      fullName: 'Nguyễn Văn Thử',
      dateOfBirth: '01/01/1999',
      phone: `0912${serial}`,
    });
  }
  return out;
}

export interface SyntheticRegistries {
  url: string;
  /** The newest 6-digit code texted to `phone`, if any. */
  lastOtp(phone: string): string | undefined;
  smsSent(): number;
  close(): Promise<void>;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>);
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

function isSms(m: unknown): m is { to: string; text: string } {
  const o = m as { to?: unknown; text?: unknown } | null;
  return typeof o === 'object' && o !== null && typeof o.to === 'string' && typeof o.text === 'string';
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startSyntheticRegistries(
  citizens: readonly BenchCitizen[],
): Promise<SyntheticRegistries> {
  const byId = new Map(citizens.map((c) => [c.idNumber, c]));
  const byPhone = new Map(citizens.map((c) => [c.phone, c]));
  const otps = new Map<string, string>();
  let sent = 0;
  /** Records one SMS (the 6-digit code it carries, per phone) and answers as the gateway does. */
  const deliver = (message: Record<string, unknown>) => {
    const code = /(\d{6})/.exec(String(message.text))?.[1];
    if (code) otps.set(String(message.to), code);
    sent++;
    return { id: String(sent), to: message.to, sentAt: new Date().toISOString() };
  };
  const server: Server = createServer((req, res) => {
    readJson(req)
      .then((body) => {
        const path = (req.url ?? '').split('?')[0];
        if (req.method === 'POST' && path === '/population/verify') {
          const c = byId.get(String(body.idNumber));
          return send(res, 200, {
            match: c !== undefined && c.fullName === body.fullName && c.dateOfBirth === body.dateOfBirth,
          });
        }
        if (req.method === 'POST' && path === '/carriers/subscriber') {
          const c = byPhone.get(String(body.phone));
          if (!c) return send(res, 404, { error: { code: 'SUBSCRIBER_NOT_FOUND', message: 'not found' } });
          return send(res, 200, {
            phone: c.phone,
            carrier: 'VinaPhone',
            ownerIdNumber: c.idNumber,
            ownerIdType: 'CCCD',
            chinhChu: true,
          });
        }
        if (req.method === 'POST' && path === '/bhxh/verify') return send(res, 200, { match: false });
        if (req.method === 'POST' && path === '/sms/send') return send(res, 200, deliver(body));
        if (req.method === 'POST' && path === '/sms/send-batch') {
          const messages = body.messages;
          if (
            !Array.isArray(messages) ||
            messages.length < 1 ||
            messages.length > SMS_BATCH_MAX_MESSAGES ||
            !messages.every(isSms)
          )
            return send(res, 400, {
              error: { code: 'INVALID_REQUEST', message: `messages: 1–${SMS_BATCH_MAX_MESSAGES} {to, text}` },
            });
          return send(res, 200, { results: messages.map(deliver) });
        }
        return send(res, 404, { error: { code: 'NOT_FOUND', message: path } });
      })
      .catch(() => send(res, 400, { error: { code: 'INVALID_REQUEST', message: 'bad JSON' } }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lastOtp: (phone) => otps.get(phone),
    smsSent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
