/**
 * Levels of assurance of the national portal (DVCQG): LoA2 for a certificate sign-in (USB token, SIM
 * signature, remote signature), VNeID level 2 and PostID verified at the counter; LoA1 for password + SMS
 * OTP and VNeID level 1. The `amr` values are those of RFC 8176.
 */

export type Loa = 1 | 2;

/** How a session signed in: a login method of the portal or an identity provider. */
export type SignInMethod = 'password' | 'usbKySo' | 'simKySo' | 'chuKySoCaNhan' | 'vneid' | 'postid';

const AMR: Record<SignInMethod, string[]> = {
  password: ['pwd', 'sms', 'mfa'],
  usbKySo: ['hwk', 'pin', 'mfa'],
  simKySo: ['hwk', 'pin', 'mfa'],
  chuKySoCaNhan: ['swk', 'mfa'],
  vneid: ['pwd'],
  postid: ['pwd'],
};

export const SIGN_IN_METHODS = Object.keys(AMR) as SignInMethod[];

export function isSignInMethod(m: unknown): m is SignInMethod {
  return typeof m === 'string' && (SIGN_IN_METHODS as string[]).includes(m);
}

export function amrOf(method: SignInMethod): string[] {
  return [...AMR[method]];
}

/** The level a sign-in gives: certificate methods LoA2, password LoA1, an identity provider its own level. */
export function loaOf(method: SignInMethod, providerLevel?: number): Loa {
  if (method === 'password') return 1;
  if (method === 'vneid' || method === 'postid') return providerLevel === 2 ? 2 : 1;
  return 2;
}

export const acrOf = (level: Loa): string => `LoA${level}`;

/** Level of an `acr` value ("LoA1", "LoA2"); 0 when absent or unknown. */
export function levelOfAcr(acr: unknown): number {
  return acr === 'LoA2' ? 2 : acr === 'LoA1' ? 1 : 0;
}

/**
 * The level an authorization request needs from its `acr_values` (space-separated, in order of
 * preference): the lowest level listed, since any of them satisfies the client; 1 when none is known.
 */
export function requiredLevel(acrValues: unknown): Loa {
  if (typeof acrValues !== 'string') return 1;
  const levels = acrValues
    .split(' ')
    .map(levelOfAcr)
    .filter((l) => l > 0);
  return levels.length > 0 && Math.min(...levels) === 2 ? 2 : 1;
}
