/**
 * The ministry portal (Cổng dịch vụ công Bộ Công an) as a Fastify application: a relying party of the
 * national portal (SSO, account linking, back-channel logout) with its own accounts, sessions and database,
 * helmet (CSP without inline scripts), CSRF on every POST, pino with redaction, Vietnamese/English pages.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { type Clock, systemClock } from '../portal/clock.js';
import { smsBatchSettings } from '../portal/config.js';
import { type NationalSystems, simulatorsClient } from '../portal/externals/simulatorsClient.js';
import type { CertificateTrust } from '../portal/portalContext.js';
import { SlotsBusyError } from '../portal/security/argon2Slots.js';
import { sendPage } from '../portal/web/sendPage.js';
import { listenWithPurge } from '../web/listenWithPurge.js';
import { demoAccountRows, seedDemoAccounts } from './accounts/demoAccounts.js';
import { type MinistryDb, openMinistryDatabase } from './db/openMinistryDatabase.js';
import { mountDossiers } from './dossierMount.js';
import { PROCEDURES } from './dossiers/procedures.js';
import { registerLinkingRoutes } from './linking/linkingRoutes.js';
import { loadMinistryConfig, type MinistryConfig } from './ministryConfig.js';
import { createMinistryContext, type MinistryContext } from './ministryContext.js';
import { type EmailNotifier, simulatorsEmail } from './security/emailNotifier.js';
import { ministryLoggerOptions } from './security/ministryLogging.js';
import { registerSsoRoutes } from './sso/ssoRoutes.js';
import { registerAccountRoutes } from './web/accountRoutes.js';
import { tr } from './web/ministryLayout.js';
import type { MinistryMessageCode } from './web/ministryMessages.js';
import { HomePage, MessagePage } from './web/ministryPages.js';
import { registerMinistryRequestContext } from './web/ministryRequestContext.js';
import { ministryScripts } from './web/ministryScripts.js';
import { pageContext, signedInAccount } from './web/ministrySession.js';
import { MINISTRY_CSS } from './web/ministryStyles.js';

export interface MinistryAppOptions {
  config: MinistryConfig;
  /** An open, migrated database (several instances may share one); opened from the config when absent. */
  db?: MinistryDb;
  clock?: Clock;
  /** SMS gateway for OTPs (default: the simulators at `config.simulatorsUrl`). */
  sms?: Pick<NationalSystems, 'sendSms'>;
  /** E-mail gateway for link notices (default: the simulators' outbox). */
  email?: EmailNotifier;
  /** Certificate trust for USB-token re-authentication; without it that method is not offered. */
  trust?: CertificateTrust;
  /** Fixed OTP generator (tests only). */
  otpGenerator?: () => string;
  /** false disables logging (tests); default: pino with redaction at `config.logLevel`. */
  logger?: boolean;
  /** Where the log lines go (default: stdout). */
  logStream?: DestinationStream;
}

export interface MinistryApp {
  app: FastifyInstance;
  ctx: MinistryContext;
}

export async function buildMinistryApp(options: MinistryAppOptions): Promise<MinistryApp> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const ownsDb = !options.db;
  const db = options.db ?? (await openMinistryDatabase(config));
  const timeoutMs = config.limits.externalTimeoutMs;
  const ownSmsClient = options.sms
    ? undefined
    : simulatorsClient({
        baseUrl: config.simulatorsUrl,
        timeoutMs,
        smsBatch: smsBatchSettings(config.limits),
      });
  const ctx = createMinistryContext({
    config,
    db,
    clock,
    sms: options.sms ?? ownSmsClient!,
    email: options.email ?? simulatorsEmail(config.simulatorsUrl, timeoutMs),
    trust: options.trust,
    otpGenerator: options.otpGenerator,
  });
  if (config.demoMode) await seedDemoAccounts(db, clock, config.pepper);

  const app = Fastify({
    logger: options.logger === false ? false : ministryLoggerOptions(config.logLevel, options.logStream),
    bodyLimit: 64 * 1024,
  });
  const https = config.publicOrigin.startsWith('https:');
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // Signing out posts here and is redirected to the national portal's end-session endpoint.
        formAction: ["'self'", new URL(config.nationalIssuer).origin],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000 } : false,
  });
  await app.register(cookie);
  await app.register(formbody);

  async function errorPage(
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    code: MinistryMessageCode,
  ) {
    const page = await pageContext(ctx, req, reply);
    return sendPage(
      reply.code(status),
      MessagePage({
        page,
        title: tr(page.lang, { vi: 'Thông báo', en: 'Notice' }),
        messages: [{ code, type: 'error' }],
      }),
    );
  }
  registerMinistryRequestContext(app, ctx, (req, reply) => errorPage(req, reply, 403, 'CSRF_INVALID'));

  app.setErrorHandler(async (error, req, reply) => {
    if (error instanceof SlotsBusyError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
      return errorPage(req, reply, 503, 'SERVER_BUSY');
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    return errorPage(
      req,
      reply,
      status >= 400 && status < 500 ? status : 500,
      status < 500 ? 'BAD_REQUEST' : 'INTERNAL',
    );
  });
  app.setNotFoundHandler(async (req, reply) => errorPage(req, reply, 404, 'NOT_FOUND'));

  app.get('/static/ministry.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(MINISTRY_CSS),
  );
  app.get<{ Params: { name: string } }>('/static/:name', async (req, reply) => {
    if (!ministryScripts.has(req.params.name)) return errorPage(req, reply, 404, 'NOT_FOUND');
    const js = await ministryScripts.get(req.params.name);
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(js);
  });
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  registerSsoRoutes(app, ctx);
  registerLinkingRoutes(app, ctx);
  registerAccountRoutes(app, ctx);
  const dossiers = mountDossiers(app, ctx);
  app.get('/', async (req, reply) => {
    const page = await pageContext(ctx, req, reply);
    return sendPage(
      reply,
      HomePage({
        page,
        account: await signedInAccount(ctx, req),
        procedures: dossiers ? Object.values(PROCEDURES).map((p) => ({ code: p.code, name: p.name })) : [],
        demoAccounts: config.demoMode ? demoAccountRows() : undefined,
      }),
    );
  });

  // SMS still waiting for their batch leave now: a closed portal keeps no timer.
  if (ownSmsClient) app.addHook('onClose', async () => ownSmsClient.close());
  if (ownsDb) app.addHook('onClose', async () => db.destroy());
  return { app, ctx };
}

/**
 * Removes expired sessions (and their national sign-ins), flows, passwords waiting for their OTP, SSO
 * requests, OTPs and logout-token ids.
 */
export async function purgeMinistryState(ctx: MinistryContext): Promise<void> {
  const now = ctx.clock();
  const { db } = ctx;
  const l = ctx.config.limits;
  await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('lastSeenAt', '<=', now - l.sessionIdleMs),
        eb('createdAt', '<=', now - l.sessionAbsoluteMs),
      ]),
    )
    .execute();
  await db
    .deleteFrom('nationalLogins')
    .where('sessionIdHash', 'not in', db.selectFrom('sessions').select('idHash'))
    .execute();
  await db.deleteFrom('ministryFlows').where('expiresAt', '<', now).execute();
  await db.deleteFrom('passwordSettings').where('expiresAt', '<', now).execute();
  await db.deleteFrom('ssoRequests').where('expiresAt', '<', now).execute();
  await db.deleteFrom('otps').where('expiresAt', '<', now).execute();
  await db.deleteFrom('logoutTokens').where('expiresAt', '<', now).execute();
}

export interface StartedMinistryPortal extends MinistryApp {
  url: string;
  close(): Promise<void>;
}

/** Starts the ministry portal on `config.host:config.port` (configuration from the environment by default). */
export async function startMinistryPortal(
  options: Partial<MinistryAppOptions> & { config?: MinistryConfig } = {},
): Promise<StartedMinistryPortal> {
  const config = options.config ?? loadMinistryConfig();
  const built = await buildMinistryApp({ ...options, config });
  const listening = await listenWithPurge(built.app, config, () => purgeMinistryState(built.ctx));
  return { ...built, ...listening };
}
