/**
 * The national portal (Cổng DVCQG) as a Fastify application: helmet, cookies, forms, server-side
 * sessions with CSRF tokens, Vietnamese/English pages and the JSON API, all state in the database.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { listenWithPurge } from '../web/listenWithPurge.js';
import { type Clock, systemClock } from './clock.js';
import { loadPortalConfig, type PortalConfig, smsBatchSettings } from './config.js';
import { openPortalDatabase, type PortalDb } from './db/connect.js';
import { purgeExpiredState } from './db/purgeExpired.js';
import { type NationalSystems, simulatorsClient } from './externals/simulatorsClient.js';
import { type FederationConfig, federationConfigFromEnv } from './federation/federationConfig.js';
import { registerFederationRoutes } from './federation/federationRoutes.js';
import { t } from './i18n/labels.js';
import type { MessageCode } from './i18n/messages.js';
import {
  MINISTRY_CLIENT_DEFAULTS,
  type OpenIdProviderConfig,
  openIdProviderConfigFromEnv,
} from './oidc/openIdProviderConfig.js';
import { mountOpenIdProvider } from './oidc/openIdProviderRoutes.js';
import { type CertificateTrust, createPortalContext, type PortalContext } from './portalContext.js';
import { SlotsBusyError } from './security/argon2Slots.js';
import { registerServiceRoutes } from './services/serviceRoutes.js';
import { portalScripts } from './web/clientBundles.js';
import { portalLoggerOptions } from './web/logging.js';
import { SimpleMessagePage } from './web/loginPages.js';
import { registerLoginRoutes } from './web/loginRoutes.js';
import { PORTAL_CSS } from './web/portalStyles.js';
import { registerRegistrationRoutes } from './web/registrationRoutes.js';
import { apiError, isApi, registerRequestContext } from './web/requestContext.js';
import { securityHeaders } from './web/securityHeaders.js';
import { pageRenderer, renderPage, sendPage } from './web/sendPage.js';
import { type DemoDirectory, StartPage } from './web/startPage.js';

export interface PortalAppOptions {
  config: PortalConfig;
  /** An open database (several app instances may share one); opened from the config when absent. */
  db?: PortalDb;
  clock?: Clock;
  /** The national systems; by default an HTTP client of the simulators at `config.simulatorsUrl`. */
  systems?: NationalSystems;
  /** Certificate trust for USB ký số (roots and intermediates); without it that method is not offered. */
  trust?: CertificateTrust;
  /** Fixed OTP generator (tests only). */
  otpGenerator?: () => string;
  demo?: DemoDirectory;
  /** false disables logging (tests); default: pino with redaction at `config.logLevel`. */
  logger?: boolean;
  /** Where log lines go (default stdout); tests read them to prove what is never logged. */
  logStream?: DestinationStream;
  /** VNeID / PostID relying-party settings; default from the environment (federation/federationConfig.ts). */
  federation?: FederationConfig;
  /** The portal as OpenID provider (clients, signing keys); default from the environment (oidc/openIdProviderConfig.ts). */
  openIdProvider?: OpenIdProviderConfig;
}

export interface PortalApp {
  app: FastifyInstance;
  ctx: PortalContext;
}

export async function buildPortalApp(options: PortalAppOptions): Promise<PortalApp> {
  const { config } = options;
  const ownsDb = !options.db;
  const db = options.db ?? (await openPortalDatabase(config));
  const ownClient = options.systems
    ? undefined
    : simulatorsClient({
        baseUrl: config.simulatorsUrl,
        timeoutMs: config.limits.externalTimeoutMs,
        smsBatch: smsBatchSettings(config.limits),
      });
  const systems = options.systems ?? ownClient!;
  const ctx = createPortalContext(config, db, options.clock ?? systemClock, systems, {
    otpGenerator: options.otpGenerator,
    trust: options.trust,
  });
  const demo: DemoDirectory = options.demo ?? {
    citizens: [],
    magicValues: [],
    simulatorsUrl: config.simulatorsUrl,
  };

  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            ...portalLoggerOptions(config.logLevel),
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    bodyLimit: 64 * 1024,
  });
  const https = config.publicOrigin.startsWith('https:');
  app.addHook('onRequest', securityHeaders(https));
  await app.register(cookie);
  await app.register(formbody);
  const pages = pageRenderer(ctx);

  const errorPage = (req: FastifyRequest, code: MessageCode) =>
    renderPage(
      SimpleMessagePage({
        page: { lang: req.lang, csrfToken: req.portalSession?.csrfToken ?? '', path: '/', signedIn: false },
        title: t(req.lang, 'errorTitle'),
        code,
        type: 'error',
      }),
    );
  registerRequestContext(app, ctx, errorPage);

  app.setErrorHandler(async (error, req, reply) => {
    if (error instanceof SlotsBusyError) {
      reply.code(503).header('retry-after', String(error.retryAfterSeconds));
      return isApi(req)
        ? apiError('SERVER_BUSY', req.lang ?? 'vi')
        : reply.type('text/html; charset=utf-8').send(errorPage(req, 'SERVER_BUSY'));
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const code: MessageCode = status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
    if (code === 'INTERNAL') req.log.error({ err: error }, 'request failed');
    reply.code(code === 'INTERNAL' ? 500 : status);
    return isApi(req)
      ? apiError(code, req.lang ?? 'vi')
      : reply.type('text/html; charset=utf-8').send(errorPage(req, code));
  });
  app.setNotFoundHandler(async (req, reply) => {
    reply.code(404);
    return isApi(req)
      ? apiError('NOT_FOUND', req.lang)
      : reply.type('text/html; charset=utf-8').send(errorPage(req, 'NOT_FOUND'));
  });

  app.get('/static/portal.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PORTAL_CSS),
  );
  app.get<{ Params: { name: string } }>('/static/:name', async (req, reply) => {
    if (!portalScripts.has(req.params.name)) {
      reply.code(404);
      return reply.type('text/html; charset=utf-8').send(errorPage(req, 'NOT_FOUND'));
    }
    const js = await portalScripts.get(req.params.name);
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(js);
  });
  app.get('/', async (req, reply) => {
    const page = await pages.context(req, reply);
    return sendPage(reply, StartPage({ page, demo, legacy: config.legacyRegistration }));
  });
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());

  registerRegistrationRoutes(app, ctx, pages);
  const ssoConfig = options.openIdProvider ?? openIdProviderConfigFromEnv();
  const sso = await mountOpenIdProvider(app, ctx, pages, ssoConfig);
  registerServiceRoutes(app, pages, ssoConfig.ministryOrigin ?? MINISTRY_CLIENT_DEFAULTS.origin);
  registerLoginRoutes(app, ctx, pages, sso.hooks);
  registerFederationRoutes(app, ctx, pages, options.federation ?? federationConfigFromEnv(config), sso.hooks);

  // SMS still waiting for their batch leave now: a closed portal keeps no timer.
  if (ownClient) app.addHook('onClose', async () => ownClient.close());
  if (ownsDb) app.addHook('onClose', async () => db.destroy());
  return { app, ctx };
}

export interface StartedPortal extends PortalApp {
  url: string;
  close(): Promise<void>;
}

/** Starts the national portal on `config.host:config.port` (configuration from the environment by default). */
export async function startNationalPortal(
  options: Partial<PortalAppOptions> & { config?: PortalConfig } = {},
): Promise<StartedPortal> {
  const config = options.config ?? loadPortalConfig();
  const built = await buildPortalApp({ ...options, config });
  const { ctx } = built;
  const listening = await listenWithPurge(built.app, config, () =>
    purgeExpiredState(ctx.db, ctx.clock(), config.limits),
  );
  return { ...built, ...listening };
}
