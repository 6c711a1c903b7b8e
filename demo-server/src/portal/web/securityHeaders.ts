/**
 * The portal's security headers (helmet): CSP `'self'` only (no inline script), no framing, HSTS under
 * https. The helmet middleware is built once; @fastify/helmet rebuilt it (and re-parsed the CSP) on every
 * request, a few per cent of the portal's CPU under load.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import helmet from 'helmet';

export type SecurityHeadersHook = (
  req: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
) => void;

export function securityHeaders(https: boolean): SecurityHeadersHook {
  const apply = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000 } : false,
  });
  return (req, reply, done) => {
    apply(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  };
}
