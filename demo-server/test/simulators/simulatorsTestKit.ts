/** Shared set-up of the simulator tests: one demo PKI per test file, an app with a short timeout delay. */
import { type DemoPki, loadDemoPki } from '@kyso/lib/demo-pki';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createSimulatorsApp, type SimulatorsAppOptions } from '../../src/simulators/index.js';

let pki: Promise<DemoPki> | undefined;

export function demoPki(): Promise<DemoPki> {
  pki ??= loadDemoPki();
  return pki;
}

/** A manual clock for expiry tests. */
export class TestClock {
  ms = Date.UTC(2026, 0, 15, 3, 0, 0);
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export async function simulatorsApp(options: Partial<SimulatorsAppOptions> = {}): Promise<FastifyInstance> {
  const app = createSimulatorsApp({ demoPki: await demoPki(), timeoutDelayMs: 20, ...options });
  await app.ready();
  return app;
}

export async function postJson(
  app: FastifyInstance,
  url: string,
  payload: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
}

export async function postForm(
  app: FastifyInstance,
  url: string,
  fields: Record<string, string>,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

export function errorCode(res: LightMyRequestResponse): string | undefined {
  return (res.json() as { error?: { code?: string } }).error?.code;
}
