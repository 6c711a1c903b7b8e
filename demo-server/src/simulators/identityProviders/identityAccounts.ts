/**
 * Who can sign in at the simulated identity providers: every simulated citizen has a VNeID account and a
 * PostID account. VNeID level 2 needs the chip CCCD checked in person, so holders of the old CMND only
 * have level 1 (the "level too low" case); PostID accounts are verified at the post-office counter except
 * the one listed in `POSTID_ONLINE_ONLY` (registered online, never verified at a counter).
 */
import { createHash } from 'node:crypto';
import { SIMULATED_CITIZENS, type SimulatedCitizen } from '../data/simulatedCitizens.js';

export type IdentityProviderName = 'vneid' | 'postid';

/** The demo password of every VNeID account (8–20 characters, as VNeID requires). */
export const VNEID_DEMO_PASSWORD = 'Vneid@2024';
/** The demo password of every PostID account. */
export const POSTID_DEMO_PASSWORD = 'Postid@2024';

export const IDENTITY_DEMO_PASSWORDS: Record<IdentityProviderName, string> = {
  vneid: VNEID_DEMO_PASSWORD,
  postid: POSTID_DEMO_PASSWORD,
};

/** PostID accounts registered online only (not verified at a post-office counter): simulated citizen keys. */
export const POSTID_ONLINE_ONLY: readonly string[] = ['mai'];

export interface IdentityAccount {
  /** Stable, provider-specific subject (a UUID, as VNeID's Keycloak uses), never the CCCD. */
  readonly sub: string;
  readonly citizen: SimulatedCitizen;
  /**
   * VNeID: identity level 1 or 2. PostID: 1 = registered online, 2 = verified at the post-office counter.
   * Sent as the `acr` claim ("1" / "2").
   */
  readonly level: 1 | 2;
}

/**
 * The RFC 8176 `amr` of a sign-in at the provider, by the account's level, as the real systems sign in:
 * level 1 with the password alone; VNeID level 2 with the password confirmed in the VNeID app on the
 * registered phone (a software-held key); PostID verified at the counter with the password and an SMS OTP
 * to the verified phone. The simulated login page asks only for the password: the second factor is
 * asserted, not simulated.
 */
export function identityAmr(provider: IdentityProviderName, level: 1 | 2): string[] {
  if (level === 1) return ['pwd'];
  return provider === 'vneid' ? ['pwd', 'swk', 'mfa'] : ['pwd', 'sms', 'mfa'];
}

/** A deterministic UUID-shaped subject per provider and person, so that restarts keep the same `sub`. */
export function subjectFor(provider: IdentityProviderName, cccd: string): string {
  const h = createHash('sha256').update(`kyso-simulated-${provider}:${cccd}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function levelOf(provider: IdentityProviderName, c: SimulatedCitizen): 1 | 2 {
  if (provider === 'vneid') return c.cardType === 'CCCD' ? 2 : 1;
  return POSTID_ONLINE_ONLY.includes(c.key) ? 1 : 2;
}

/** The accounts of one provider, in the order of the simulated citizens. */
export function identityAccounts(provider: IdentityProviderName): IdentityAccount[] {
  return SIMULATED_CITIZENS.map((citizen) => ({
    sub: subjectFor(provider, citizen.cccd),
    citizen,
    level: levelOf(provider, citizen),
  }));
}

/** Splits a Vietnamese full name: family name first, given name last. */
function nameParts(fullName: string): { family: string; given: string } {
  const words = fullName.trim().split(/\s+/);
  return { family: words[0] ?? '', given: words.slice(1).join(' ') };
}

/** Claims of an account, as the ID token and userinfo carry them. */
export function accountClaims(provider: IdentityProviderName, a: IdentityAccount): Record<string, unknown> {
  const c = a.citizen;
  const { family, given } = nameParts(c.fullName);
  const common = {
    sub: a.sub,
    name: c.fullName,
    family_name: family,
    given_name: given,
    birthdate: c.birthDate,
    gender: c.gender,
    ...(c.phone ? { phone_number: c.phone } : {}),
    ...(c.email ? { email: c.email } : {}),
  };
  if (provider === 'vneid')
    return {
      ...common,
      // VNeID's Keycloak: preferred_username = the 12-digit personal number (CCCD).
      preferred_username: c.cccd,
      // The DVCQG / VNeID DTO names (domain notes §2.3).
      SoDinhDanh: c.cccd,
      HoVaTen: c.fullName,
      NgayThangNamSinh: c.birthDate.replaceAll('-', ''),
      LoaiTaiKhoan: '1',
      IAL: a.level,
      loAs: `LoA${a.level}`,
    };
  return {
    ...common,
    preferred_username: c.cccd,
    identity_number: c.cccd,
    ...(c.cmnd ? { old_identity_number: c.cmnd } : {}),
    verification_level: a.level === 2 ? 'counter' : 'online',
  };
}

/** Claim names per scope (what the discovery document lists). */
export const SCOPE_CLAIMS: Record<IdentityProviderName, Record<string, string[]>> = {
  vneid: {
    openid: ['sub', 'acr', 'amr'],
    profile: ['name', 'family_name', 'given_name', 'birthdate', 'gender', 'preferred_username'],
    email: ['email'],
    phone: ['phone_number'],
    citizen: ['SoDinhDanh', 'HoVaTen', 'NgayThangNamSinh', 'LoaiTaiKhoan', 'IAL', 'loAs'],
  },
  postid: {
    openid: ['sub', 'acr', 'amr'],
    profile: ['name', 'family_name', 'given_name', 'birthdate', 'gender', 'preferred_username'],
    email: ['email'],
    phone: ['phone_number'],
    identity: ['identity_number', 'old_identity_number', 'verification_level'],
  },
};
