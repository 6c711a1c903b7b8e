/** The ministry portal's configuration from the environment: the contract's defaults and refused values. */
import { describe, expect, it } from 'vitest';
import { callbackUrl, loadMinistryConfig } from '../../src/ministry/ministryConfig.js';
import { ConfigError } from '../../src/portal/config.js';

describe('ministry configuration', () => {
  it('has the contract defaults', () => {
    const c = loadMinistryConfig({});
    expect(c).toMatchObject({
      port: 8081,
      publicOrigin: 'http://localhost:8081',
      nationalIssuer: 'http://localhost:8080',
      clientId: 'bocongan-dvc',
      clientSecret: 'kyso-demo-bocongan-secret',
      databaseUrl: undefined,
      demoMode: true,
    });
    expect(c.sqlitePath.endsWith('.data/ministry.sqlite')).toBe(true);
    expect(callbackUrl(c)).toBe('http://localhost:8081/dang-nhap/dvcqg/callback');
  });

  it('reads the contract variables', () => {
    const c = loadMinistryConfig({
      KYSO_MINISTRY_PORT: '9081',
      KYSO_MINISTRY_HOST: '0.0.0.0',
      KYSO_MINISTRY_PUBLIC_ORIGIN: 'https://dichvucong.bocongan.example/',
      KYSO_NATIONAL_PORTAL_ISSUER: 'https://dichvucong.example',
      KYSO_MINISTRY_CLIENT_ID: 'bca',
      KYSO_MINISTRY_CLIENT_SECRET: 'a-secret-of-some-length',
      KYSO_MINISTRY_DATABASE_URL: 'postgres://u:p@db/bca',
      KYSO_MINISTRY_SQLITE_PATH: '/tmp/bca.sqlite',
      KYSO_MINISTRY_DEMO_ACCOUNTS: 'off',
    });
    expect(c).toMatchObject({
      port: 9081,
      host: '0.0.0.0',
      publicOrigin: 'https://dichvucong.bocongan.example',
      nationalIssuer: 'https://dichvucong.example',
      clientId: 'bca',
      clientSecret: 'a-secret-of-some-length',
      databaseUrl: 'postgres://u:p@db/bca',
      sqlitePath: '/tmp/bca.sqlite',
      demoMode: false,
    });
  });

  it('refuses bad values, and demo secrets in production', () => {
    expect(() => loadMinistryConfig({ KYSO_MINISTRY_PORT: 'tám' })).toThrow(ConfigError);
    expect(() => loadMinistryConfig({ KYSO_MINISTRY_PUBLIC_ORIGIN: 'localhost:8081' })).toThrow(
      /KYSO_MINISTRY_PUBLIC_ORIGIN/,
    );
    expect(() => loadMinistryConfig({ KYSO_NATIONAL_PORTAL_ISSUER: 'http://x/path' })).toThrow(
      /KYSO_NATIONAL_PORTAL_ISSUER/,
    );
    expect(() => loadMinistryConfig({ KYSO_MINISTRY_DEMO_ACCOUNTS: 'maybe' })).toThrow(ConfigError);
    expect(() => loadMinistryConfig({ NODE_ENV: 'production', KYSO_PEPPER: 'p'.repeat(32) })).toThrow(
      /KYSO_MINISTRY_CLIENT_SECRET/,
    );
    const production = {
      NODE_ENV: 'production',
      KYSO_PEPPER: 'p'.repeat(32),
      KYSO_MINISTRY_CLIENT_SECRET: 's'.repeat(32),
    };
    expect(() => loadMinistryConfig(production)).toThrow(/must be an https/);
    const prod = loadMinistryConfig({
      ...production,
      KYSO_NATIONAL_PORTAL_ISSUER: 'https://dichvucong.example',
    });
    expect(prod.demoMode).toBe(false);
  });
});
