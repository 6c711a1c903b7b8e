/**
 * The portal's security headers (helmet): CSP `'self'` only (no inline script), no framing, HSTS under
 * https. Nothing in them depends on the request, so helmet runs once, when the portal is built, into a
 * recorder; each request then only gets the recorded names and values. Running helmet's twelve middlewares
 * per request (the CSP string rebuilt each time) was about 4 % of the portal's CPU under login load.
 *
 * The headers go onto the raw response, in an onRequest hook, so that the OpenID provider's hijacked
 * routes get them too and can widen the CSP's form-action from there (oidc/openIdProviderRoutes.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export type SecurityHeadersHook = (
  req: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
) => void;

/** One header helmet sets: its name as helmet spells it and its value. */
export type SecurityHeader = readonly [name: string, value: string];

/** The portal's helmet options: CSP `'self'` only, no framing; HSTS and upgrade-insecure-requests under https. */
export function portalHelmetOptions(https: boolean): HelmetOptions {
  return {
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
  };
}

/** The headers helmet sets with the portal's options, in helmet's order. */
export function securityHeaderSet(https: boolean): readonly SecurityHeader[] {
  const apply = helmet(portalHelmetOptions(https));
  const recorded = new Map<string, SecurityHeader>();
  const recorder = {
    setHeader(name: string, value: unknown) {
      recorded.set(name.toLowerCase(), [name, String(value)]);
    },
    removeHeader(name: string) {
      recorded.delete(name.toLowerCase());
    },
    getHeader(name: string) {
      return recorded.get(name.toLowerCase())?.[1];
    },
  };
  let failure: unknown;
  apply({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  return [...recorded.values()];
}

export function securityHeaders(https: boolean): SecurityHeadersHook {
  const headers = securityHeaderSet(https);
  return (_req, reply, done) => {
    const res = reply.raw;
    for (const [name, value] of headers) res.setHeader(name, value);
    done();
  };
}
