/** Starts the simulated external systems on a port (configuration from the environment by default). */
import { type DemoPki, loadDemoPki } from '@kyso/lib/demo-pki';
import type { FastifyInstance } from 'fastify';
import { createSimulatorsApp } from './simulatorsApp.js';
import { type SimulatorsConfig, simulatorsConfigFromEnv } from './simulatorsConfig.js';

export interface StartSimulatorsOptions extends Partial<SimulatorsConfig> {
  /** Default: the demo PKI from the disk cache, for `<publicUrl>/pki`. */
  demoPki?: DemoPki;
  /** Request logging; default true. */
  logger?: boolean;
}

export interface RunningSimulators {
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:8090. */
  url: string;
  /** Public base URL (links, PKI URLs). */
  publicUrl: string;
  close(): Promise<void>;
}

export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  const env = simulatorsConfigFromEnv();
  const port = options.port ?? env.port;
  const host = options.host ?? env.host;
  const publicUrl = (
    options.publicUrl ?? (options.port !== undefined ? `http://localhost:${port}` : env.publicUrl)
  ).replace(/\/+$/, '');
  const demoPki = options.demoPki ?? (await loadDemoPki({ baseUrl: `${publicUrl}/pki` }));
  const app = createSimulatorsApp({
    demoPki,
    baseUrl: publicUrl,
    logger: options.logger ?? true,
    logLevel: options.logLevel ?? env.logLevel,
    timeoutDelayMs: options.timeoutDelayMs ?? env.timeoutDelayMs,
    approvalTtlMs: options.approvalTtlMs ?? env.approvalTtlMs,
  });
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shownHost}:${actualPort}`, publicUrl, close: () => app.close() };
}
