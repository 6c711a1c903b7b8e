/**
 * Child-process entry of the portal load bench's floor: a Fastify app with one JSON route that does nothing
 * but the portal's own argon2id check — `verifyPassword` (same parameters, pepper and turns, security/
 * argon2Slots.ts) against a hash made at start — and answers `{ok}`. No session, CSRF, database, captcha,
 * OTP or SMS: what HTTP and JSON alone cost around argon2id on these cores, measured with the same load
 * generator as the password step. Prints one line `{"ready":"<url>"}` on stdout when it listens.
 *
 *   KYSO_PEPPER=… BENCH_FLOOR_PASSWORD=… node --import tsx bench/support/argon2FloorServer.ts
 */
import Fastify from 'fastify';
import { hashPassword, verifyPassword } from '../../demo-server/src/portal/security/passwordHash.js';
import { serveBenchServer } from './benchServerEntry.js';

async function start(): Promise<{ url: string; close(): Promise<unknown> }> {
  const pepper = process.env.KYSO_PEPPER ?? '';
  const password = process.env.BENCH_FLOOR_PASSWORD ?? '';
  if (pepper === '' || password === '') throw new Error('KYSO_PEPPER and BENCH_FLOOR_PASSWORD are required');
  const encoded = await hashPassword(password, pepper);
  const app = Fastify({ logger: false });
  app.post<{ Body: { password?: unknown } }>('/verify', async (request) => {
    const given = typeof request.body?.password === 'string' ? request.body.password : '';
    return { ok: await verifyPassword(encoded, given, pepper) };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

serveBenchServer('argon2 floor server', start);
