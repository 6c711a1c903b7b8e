/**
 * The portal as an OpenID relying party of VNeID and PostID: issuers, client credentials and the VNeID
 * level it requires, from environment variables with documented defaults (docs/configuration.md). The
 * defaults match the simulators' registered client (KYSO_{VNEID,POSTID}_CLIENT_* there).
 */
import { ConfigError, type PortalConfig } from '../config.js';

export type IdentityProvider = 'vneid' | 'postid';

export const IDENTITY_PROVIDERS: readonly IdentityProvider[] = ['vneid', 'postid'];

export interface RelyingPartyConfig {
  /** Issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `<publicOrigin>/dang-nhap/<provider>/callback`. */
  redirectUri: string;
}

export interface FederationConfig {
  vneid: RelyingPartyConfig;
  postid: RelyingPartyConfig;
  /** Lowest VNeID identity level (acr) accepted for login; default 2. */
  vneidMinLevel: 1 | 2;
  /** Allow plain-http issuers (the local simulators); default true unless NODE_ENV=production. */
  allowHttpIssuers: boolean;
}

export const FEDERATION_CLIENT_DEFAULTS = {
  vneid: { clientId: 'dvcqg-portal', clientSecret: 'kyso-demo-vneid-client-secret' },
  postid: { clientId: 'dvcqg-portal', clientSecret: 'kyso-demo-postid-client-secret' },
} as const;

function relyingParty(env: NodeJS.ProcessEnv, config: PortalConfig, p: IdentityProvider): RelyingPartyConfig {
  const prefix = `KYSO_${p.toUpperCase()}`;
  const issuer = (env[`${prefix}_ISSUER`] || `${config.simulatorsUrl}/${p}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(issuer))
    throw new ConfigError(`${prefix}_ISSUER`, 'expected an http(s) URL');
  const clientSecret = env[`${prefix}_CLIENT_SECRET`] || FEDERATION_CLIENT_DEFAULTS[p].clientSecret;
  if (clientSecret.length < 16) throw new ConfigError(`${prefix}_CLIENT_SECRET`, 'at least 16 characters');
  return {
    issuer,
    clientId: env[`${prefix}_CLIENT_ID`] || FEDERATION_CLIENT_DEFAULTS[p].clientId,
    clientSecret,
    redirectUri: `${config.publicOrigin}/dang-nhap/${p}/callback`,
  };
}

/** Reads KYSO_{VNEID,POSTID}_{ISSUER,CLIENT_ID,CLIENT_SECRET} and KYSO_VNEID_MIN_LEVEL; throws ConfigError. */
export function federationConfigFromEnv(
  config: PortalConfig,
  env: NodeJS.ProcessEnv = process.env,
): FederationConfig {
  const level = env.KYSO_VNEID_MIN_LEVEL || '2';
  if (level !== '1' && level !== '2') throw new ConfigError('KYSO_VNEID_MIN_LEVEL', 'expected 1 or 2');
  return {
    vneid: relyingParty(env, config, 'vneid'),
    postid: relyingParty(env, config, 'postid'),
    vneidMinLevel: level === '1' ? 1 : 2,
    allowHttpIssuers: env.NODE_ENV !== 'production',
  };
}
