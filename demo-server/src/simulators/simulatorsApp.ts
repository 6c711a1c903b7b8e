/**
 * The simulated external systems as one Fastify app: population database, carriers, BHXH,
 * SMS/e-mail outboxes, the demo CA over HTTP, the SIM-signature MSSP with its phone pages,
 * the remote-signing provider with its app pages, and a start page.
 */
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { DemoPki } from '@kyso/lib/demo-pki';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  type IdentityProviderClients,
  identityProviderClientsFromEnv,
} from './identityProviders/identityProviderClients.js';
import { identityProviderRoutes } from './identityProviders/identityProviderRoutes.js';
import { MessageOutbox } from './messageOutbox.js';
import { registerPageScripts, sendPage } from './pages/pageLayout.js';
import { StartPage } from './pages/startPage.js';
import { carrierRoutes } from './routes/carrierRoutes.js';
import { type MsspMeta, msspRoutes } from './routes/msspRoutes.js';
import { outboxRoutes } from './routes/outboxRoutes.js';
import { pkiRoutes } from './routes/pkiRoutes.js';
import { populationRoutes } from './routes/populationRoutes.js';
import { type RemoteSigningMeta, remoteSigningRoutes } from './routes/remoteSigningRoutes.js';
import { socialInsuranceRoutes } from './routes/socialInsuranceRoutes.js';
import { ApprovalStore } from './signing/pushApprovals.js';
import { SignerKeys } from './signing/signerKeys.js';
import { SimulatedFaults } from './simulatedFaults.js';
import { errorBody } from './simulatorErrors.js';
import { SIMULATORS_DEFAULTS } from './simulatorsConfig.js';

export interface SimulatorsAppOptions {
  /** The demo PKI whose CAs are served and which certifies SIM and remote-signing keys. */
  demoPki: DemoPki;
  /** Public base URL of the simulators (links); default: the demo PKI's base URL without `/pki`. */
  baseUrl?: string;
  /** Log requests with pino (PINs, PUKs, cookies and authorization headers redacted). Default false. */
  logger?: boolean;
  /** pino level when `logger` is true; default info. */
  logLevel?: string;
  /** Where pino writes when `logger` is true; default stdout. */
  logStream?: NodeJS.WritableStream;
  /** How long "timeout" magic values hold a request; default 10,000 ms. */
  timeoutDelayMs?: number;
  /** Life of a SIM or remote-signing request; default 120,000 ms. */
  approvalTtlMs?: number;
  /** Clock (ms since the epoch), for tests of expiry; default Date.now. */
  now?: () => number;
  /** The portal as VNeID / PostID client; default from KYSO_{VNEID,POSTID}_* (identityProviderClients.ts). */
  identityProviderClients?: IdentityProviderClients;
  /**
   * Prepare the simulated VNeID and PostID (oidc-provider loaded, keys made) at start rather than on their
   * first request. Default: when `baseUrl` or `identityProviderClients` is given (the demo, and tests that
   * sign in through them), else on first use (most test apps never call them).
   */
  prepareIdentityProviders?: boolean;
}

/** Paths and fields pino must never write. */
export const LOG_REDACTIONS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body.pin',
  'req.body.puk',
  'pin',
  'puk',
  '*.pin',
  '*.puk',
];

export function createSimulatorsApp(options: SimulatorsAppOptions): FastifyInstance {
  const now = options.now ?? Date.now;
  const app = Fastify({
    logger: options.logger
      ? {
          level: options.logLevel ?? SIMULATORS_DEFAULTS.logLevel,
          redact: { paths: LOG_REDACTIONS, censor: '[redacted]' },
          ...(options.logStream ? { stream: options.logStream } : {}),
        }
      : false,
    bodyLimit: 256 * 1024,
  });
  const faults = new SimulatedFaults(options.timeoutDelayMs ?? SIMULATORS_DEFAULTS.timeoutDelayMs);
  const ttlMs = options.approvalTtlMs ?? SIMULATORS_DEFAULTS.approvalTtlMs;
  const signerKeys = new SignerKeys(options.demoPki);
  const sms = new MessageOutbox({ now });
  const email = new MessageOutbox({ now });

  // A pending "timeout" request must not hold up shutdown.
  app.addHook('preClose', async () => faults.close());

  app.register(helmet, {
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  app.register(formbody, { bodyLimit: 16 * 1024 });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) return reply.code(400).send(errorBody('INVALID_REQUEST', error.message));
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const code = status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_REQUEST';
      return reply.code(status).send(errorBody(code, error.message));
    }
    request.log.error({ err: error }, 'simulator failure');
    return reply.code(500).send(errorBody('INTERNAL'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `${request.method} ${request.url.split('?')[0]}`)),
  );

  app.register(populationRoutes, { faults });
  app.register(carrierRoutes, { faults });
  app.register(socialInsuranceRoutes, { faults });
  app.register(outboxRoutes, { faults, sms, email });
  app.register(pkiRoutes, { demoPki: options.demoPki });
  app.register(msspRoutes, {
    faults,
    signerKeys,
    now,
    approvals: new ApprovalStore<MsspMeta>({ ttlMs, now }),
  });
  app.register(remoteSigningRoutes, {
    faults,
    signerKeys,
    now,
    approvals: new ApprovalStore<RemoteSigningMeta>({ ttlMs, now }),
  });

  // VNeID and PostID: issuer <baseUrl>/vneid, <baseUrl>/postid (from the Host header when no baseUrl is set).
  app.register(identityProviderRoutes, {
    clients: options.identityProviderClients ?? identityProviderClientsFromEnv(),
    baseUrl: options.baseUrl,
    prepareAtStart:
      options.prepareIdentityProviders ??
      (options.baseUrl !== undefined || options.identityProviderClients !== undefined),
  });

  const cas = Object.values(options.demoPki.cas).map((ca) => ({ key: ca.key, name: ca.name }));
  const baseUrl = (options.baseUrl ?? options.demoPki.baseUrl.replace(/\/pki\/?$/, '')).replace(/\/+$/, '');
  registerPageScripts(app);
  app.get('/', async (_request, reply) => sendPage(reply, StartPage({ cas, baseUrl })));
  app.get('/health', async () => ({ status: 'ok' }));

  return app;
}
