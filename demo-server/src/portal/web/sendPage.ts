/** Server-side rendering of Preact pages and the per-request page context. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PortalContext } from '../portalContext.js';
import type { PageContext } from './pageLayout.js';
import { ensureSession } from './requestContext.js';

export function renderPage(vnode: VNode): string {
  return `<!doctype html>${renderToString(vnode)}`;
}

export function sendPage(reply: FastifyReply, vnode: VNode): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPage(vnode));
}

export interface PageRenderer {
  /** Page context for `req` (creates the session so that forms carry a CSRF token). */
  context(req: FastifyRequest, reply: FastifyReply): Promise<PageContext>;
}

export function pageRenderer(ctx: PortalContext): PageRenderer {
  return {
    async context(req, reply) {
      const session = await ensureSession(ctx, req, reply);
      const path = req.url.replace(/([?&])lang=(vi|en)(&|$)/, '$1').replace(/[?&]$/, '');
      return { lang: req.lang, csrfToken: session.csrfToken, path, signedIn: session.accountId !== null };
    },
  };
}
