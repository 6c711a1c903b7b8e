/**
 * The authorization a browser is in the middle of while it signs in on the portal: a short-lived cookie
 * holding the interaction's path, set when the provider sends the citizen to the login page and taken
 * (once) when the sign-in completes. Only an interaction path is ever followed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INTERACTION_PATH } from './nationalProvider.js';

export const RETURN_COOKIE = 'kyso_sso_tiep';

/** The page scripts' stop after an API sign-in: the pending authorization, else the account page. */
export const CONTINUE_PATH = '/dang-nhap/tiep-tuc';

const RETURN_PATH = /^\/oauth2\/interaction\/[\w-]{1,64}$/;

export function rememberPendingAuthorization(
  reply: FastifyReply,
  uid: string,
  options: { secure: boolean; maxAgeSeconds: number },
): void {
  reply.setCookie(RETURN_COOKIE, `${INTERACTION_PATH}/${uid}`, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    maxAge: options.maxAgeSeconds,
  });
}

/** The interaction uid of the pending authorization, if any (the cookie stays). */
export function pendingInteractionUid(req: FastifyRequest): string | undefined {
  const back = req.cookies[RETURN_COOKIE];
  return back !== undefined && RETURN_PATH.test(back) ? back.slice(INTERACTION_PATH.length + 1) : undefined;
}

/** The pending authorization's path (the cookie is cleared), if there is a valid one. */
export function takePendingAuthorization(req: FastifyRequest, reply: FastifyReply): string | undefined {
  const back = req.cookies[RETURN_COOKIE];
  if (back === undefined) return undefined;
  reply.clearCookie(RETURN_COOKIE, { path: '/' });
  return RETURN_PATH.test(back) ? back : undefined;
}
