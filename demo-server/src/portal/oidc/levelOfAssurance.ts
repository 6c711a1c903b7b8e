/**
 * Levels of assurance of the national portal (DVCQG): LoA2 for a certificate sign-in (USB token, SIM
 * signature, remote signature), VNeID level 2 and PostID verified at the counter; LoA1 for password + SMS
 * OTP and VNeID level 1. The `amr` values are those of RFC 8176; a sign-in through VNeID or PostID passes
 * on the provider's own `amr` (registered values only), else says `fed` (authenticated by a federated
 * identity provider, methods not reported), and a level-2 one always includes `mfa`.
 */

export type Loa = 1 | 2;

/** How a session signed in: a login method of the portal or an identity provider. */
export type SignInMethod = 'password' | 'usbKySo' | 'simKySo' | 'chuKySoCaNhan' | 'vneid' | 'postid';

const AMR: Record<SignInMethod, string[]> = {
  password: ['pwd', 'sms', 'mfa'],
  usbKySo: ['hwk', 'pin', 'mfa'],
  simKySo: ['hwk', 'pin', 'mfa'],
  chuKySoCaNhan: ['swk', 'mfa'],
  vneid: ['fed'],
  postid: ['fed'],
};

/** The method values registered by RFC 8176 §2 (IANA "Authentication Method Reference Values"). */
export const RFC8176_AMR: ReadonlySet<string> = new Set([
  'face',
  'fpt',
  'geo',
  'hwk',
  'iris',
  'kba',
  'mca',
  'mfa',
  'otp',
  'pin',
  'pop',
  'pwd',
  'rba',
  'retina',
  'sc',
  'sms',
  'swk',
  'tel',
  'user',
  'vbm',
  'wia',
]);

/** The portal's own `amr` value of a federated sign-in whose provider did not say how it authenticated. */
export const FEDERATED_AMR = 'fed';

export const SIGN_IN_METHODS = Object.keys(AMR) as SignInMethod[];

export function isSignInMethod(m: unknown): m is SignInMethod {
  return typeof m === 'string' && (SIGN_IN_METHODS as string[]).includes(m);
}

/** A sign-in made at an identity provider (VNeID, PostID) rather than on the portal. */
export function isFederatedMethod(method: SignInMethod): method is 'vneid' | 'postid' {
  return method === 'vneid' || method === 'postid';
}

/**
 * RFC 8176 `amr` of a sign-in. The portal's own methods have fixed values. A federated one gives the
 * provider's `amr` (`upstream`, its registered values only, without repeats), or `fed` when it gave none
 * of them; at level 2 `mfa` is always among them.
 */
export function amrOf(method: SignInMethod, level: Loa = loaOf(method), upstream?: unknown): string[] {
  if (!isFederatedMethod(method)) return [...AMR[method]];
  const own = Array.isArray(upstream)
    ? [...new Set(upstream.filter((v): v is string => typeof v === 'string' && RFC8176_AMR.has(v)))]
    : [];
  const amr = own.length > 0 ? own : [...AMR[method]];
  if (level === 2 && !amr.includes('mfa')) amr.push('mfa');
  return amr;
}

/** The level a sign-in gives: certificate methods LoA2, password LoA1, an identity provider its own level. */
export function loaOf(method: SignInMethod, providerLevel?: number): Loa {
  if (method === 'password') return 1;
  if (isFederatedMethod(method)) return providerLevel === 2 ? 2 : 1;
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
