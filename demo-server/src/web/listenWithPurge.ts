/**
 * Starting a portal: listen, then purge expired state (sessions, flows, OTPs, provider rows…) every
 * `PURGE_INTERVAL_MS`. Every instance sharing a database may purge; the deletes are idempotent.
 */
import type { FastifyInstance } from 'fastify';

export const PURGE_INTERVAL_MS = 10 * 60_000;

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function listenWithPurge(
  app: FastifyInstance,
  address: { host: string; port: number },
  purge: () => Promise<unknown>,
): Promise<Listening> {
  const url = await app.listen({ host: address.host, port: address.port });
  const timer = setInterval(() => {
    purge().catch((e: unknown) => app.log.warn({ err: e }, 'purge of expired state failed'));
  }, PURGE_INTERVAL_MS);
  timer.unref();
  return {
    url,
    close: async () => {
      clearInterval(timer);
      await app.close();
    },
  };
}
