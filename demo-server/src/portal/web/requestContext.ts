/**
 * Per-request context: language (?lang=, then the kyso_lang cookie, then Vietnamese), the server-side
 * session (cookie kyso_sid) and the CSRF check for every state-changing request.
 */
import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Lang, type MessageCode, messageText } from '../i18n/messages.js';
import type { PortalContext } from '../portalContext.js';
import { abortSignalOfResponse } from '../security/requestAbort.js';
import type { SessionRecord } from '../security/sessionStore.js';

export const SESSION_COOKIE = 'kyso_sid';
export const LANG_COOKIE = 'kyso_lang';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    portalSession: SessionRecord | null;
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

function cookieOptions(ctx: PortalContext) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.publicOrigin.startsWith('https:'),
  };
}

export function setSessionCookie(ctx: PortalContext, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx));
}

/** The request's session, created (and its cookie set) when there is none yet. */
export async function ensureSession(ctx: PortalContext, req: FastifyRequest, reply: FastifyReply) {
  if (req.portalSession) return req.portalSession;
  const { token, record } = await ctx.sessions.create(req.ip, String(req.headers['user-agent'] ?? ''));
  setSessionCookie(ctx, reply, token);
  req.portalSession = record;
  return record;
}

/** A request's form or JSON fields (none when its body is not an object). */
export function bodyFields(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/**
 * What a flow step's POST hands its engine after the flow id: the browser's session, the client's address,
 * the fields, and a signal that fires when the client goes away unanswered (its argon2 turn is dropped).
 */
export async function stepSubmission(
  ctx: PortalContext,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<[sessionIdHash: string, ip: string, body: Record<string, unknown>, signal: AbortSignal]> {
  const session = await ensureSession(ctx, req, reply);
  return [session.idHash, req.ip, bodyFields(req.body), abortSignalOfResponse(reply.raw)];
}

/** Replaces the session (new cookie, new CSRF token), e.g. on sign-in and sign-out. */
export async function rotateSession(
  ctx: PortalContext,
  req: FastifyRequest,
  reply: FastifyReply,
  accountId: string | null,
) {
  const current = await ensureSession(ctx, req, reply);
  const { token, record } = await ctx.sessions.rotate(current, accountId);
  setSessionCookie(ctx, reply, token);
  req.portalSession = record;
  return record;
}

/** The JSON error body of the API: a stable code and the text in the request's language. */
export function apiError(code: MessageCode, lang: Lang) {
  return { error: { code, message: messageText(code, lang) } };
}

export function registerRequestContext(
  app: FastifyInstance,
  ctx: PortalContext,
  renderErrorPage: (req: FastifyRequest, code: MessageCode) => string,
): void {
  app.decorateRequest('lang', 'vi');
  app.decorateRequest('portalSession', null);

  app.addHook('onRequest', async (req, reply) => {
    const q = (req.query as Record<string, unknown> | undefined)?.lang;
    if (q === 'vi' || q === 'en') {
      req.lang = q;
      reply.setCookie(LANG_COOKIE, q, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86400 });
    } else {
      const c = req.cookies[LANG_COOKIE];
      req.lang = c === 'en' ? 'en' : 'vi';
    }
    req.portalSession = (await ctx.sessions.load(req.cookies[SESSION_COOKIE])) ?? null;
  });

  // After body parsing, so that the form field `_csrf` is readable.
  app.addHook('preHandler', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    const header = req.headers[CSRF_HEADER];
    const bodyToken = (req.body as Record<string, unknown> | undefined)?._csrf;
    const given = typeof header === 'string' ? header : typeof bodyToken === 'string' ? bodyToken : '';
    if (!req.portalSession || !sameToken(req.portalSession.csrfToken, given)) {
      req.log.warn({ url: req.url }, 'CSRF token missing or wrong');
      reply.code(403);
      return isApi(req)
        ? reply.send(apiError('CSRF_INVALID', req.lang))
        : reply.type('text/html; charset=utf-8').send(renderErrorPage(req, 'CSRF_INVALID'));
    }
  });
}
