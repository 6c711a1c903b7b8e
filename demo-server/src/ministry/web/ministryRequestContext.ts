/**
 * Per-request context of the ministry portal: language (?lang=, then the shared kyso_lang cookie, then
 * Vietnamese), its own server-side session (cookie kyso_bca_sid — the national portal's is kyso_sid, and
 * cookies do not separate ports) and the CSRF check on every state-changing request except the routes
 * that opt out (`config: { csrfExempt: true }`: the server-to-server back-channel logout).
 */
import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionRecord } from '../../portal/security/sessionStore.js';
import type { MinistryContext } from '../ministryContext.js';
import type { Lang } from './ministryMessages.js';

export const MINISTRY_SESSION_COOKIE = 'kyso_bca_sid';
export const LANG_COOKIE = 'kyso_lang';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    ministrySession: SessionRecord | null;
  }
  interface FastifyContextConfig {
    /** Skip the CSRF check (server-to-server endpoints without a browser session). */
    csrfExempt?: boolean;
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function requestLang(req: FastifyRequest): Lang {
  return (req as unknown as { lang?: Lang }).lang === 'en' ? 'en' : 'vi';
}

function setSessionCookie(ctx: MinistryContext, reply: FastifyReply, token: string): void {
  reply.setCookie(MINISTRY_SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicOrigin.startsWith('https:'),
  });
}

/** The request's session, created (and its cookie set) when there is none yet. */
export async function ensureMinistrySession(ctx: MinistryContext, req: FastifyRequest, reply: FastifyReply) {
  if (req.ministrySession) return req.ministrySession;
  const { token, record } = await ctx.sessions.create(req.ip, String(req.headers['user-agent'] ?? ''));
  setSessionCookie(ctx, reply, token);
  req.ministrySession = record;
  return record;
}

/** Replaces the session (new cookie, new CSRF token) on sign-in and sign-out. */
export async function rotateMinistrySession(
  ctx: MinistryContext,
  req: FastifyRequest,
  reply: FastifyReply,
  accountId: string | null,
) {
  const current = await ensureMinistrySession(ctx, req, reply);
  const { token, record } = await ctx.sessions.rotate(current, accountId);
  setSessionCookie(ctx, reply, token);
  req.ministrySession = record;
  return record;
}

export function registerMinistryRequestContext(
  app: FastifyInstance,
  ctx: MinistryContext,
  refuseCsrf: (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
): void {
  app.decorateRequest('lang', 'vi');
  app.decorateRequest('ministrySession', null);

  app.addHook('onRequest', async (req, reply) => {
    const q = (req.query as Record<string, unknown> | undefined)?.lang;
    const r = req as unknown as { lang: Lang };
    if (q === 'vi' || q === 'en') {
      r.lang = q;
      reply.setCookie(LANG_COOKIE, q, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86400 });
    } else r.lang = req.cookies[LANG_COOKIE] === 'en' ? 'en' : 'vi';
    req.ministrySession = (await ctx.sessions.load(req.cookies[MINISTRY_SESSION_COOKIE])) ?? null;
  });

  // After body parsing, so that the form field `_csrf` is readable.
  app.addHook('preHandler', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    if (req.routeOptions.config?.csrfExempt === true) return;
    const header = req.headers[CSRF_HEADER];
    const bodyToken = (req.body as Record<string, unknown> | undefined)?._csrf;
    const given = typeof header === 'string' ? header : typeof bodyToken === 'string' ? bodyToken : '';
    if (!req.ministrySession || !sameToken(req.ministrySession.csrfToken, given)) {
      req.log.warn({ url: req.url }, 'CSRF token missing or wrong');
      return refuseCsrf(req, reply);
    }
  });
}
