import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_LIMITS,
  DEVELOPMENT_PEPPER,
  loadPortalConfig,
} from '../../src/portal/config.js';
import { portalLoggerOptions } from '../../src/portal/web/logging.js';

describe('portal configuration from the environment', () => {
  it('has documented defaults', () => {
    const c = loadPortalConfig({});
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      publicOrigin: 'http://localhost:8080',
      databaseUrl: undefined,
      pepper: DEVELOPMENT_PEPPER,
      simulatorsUrl: 'http://localhost:8090',
      legacyRegistration: 'allowed',
      captchaTestBypass: false,
    });
    expect(c.sqlitePath).toMatch(/\.data\/portal\.sqlite$/);
    expect(c.limits).toEqual(DEFAULT_LIMITS);
    expect(c.limits.otpTtlMs).toBe(120_000);
  });

  it('reads every variable', () => {
    const c = loadPortalConfig({
      KYSO_PORTAL_PORT: '9000',
      DATABASE_URL: 'postgres://u:p@db/kyso',
      KYSO_PEPPER: 'a-long-enough-secret-value',
      KYSO_SIMULATORS_URL: 'http://sim:1/',
      KYSO_LEGACY_REGISTRATION: 'disabled',
      KYSO_OTP_TTL_SECONDS: '300',
      KYSO_PORTAL_PUBLIC_ORIGIN: 'https://portal.example',
    });
    expect(c).toMatchObject({
      port: 9000,
      databaseUrl: 'postgres://u:p@db/kyso',
      pepper: 'a-long-enough-secret-value',
      simulatorsUrl: 'http://sim:1',
      legacyRegistration: 'disabled',
      publicOrigin: 'https://portal.example',
    });
    expect(c.limits.otpTtlMs).toBe(300_000);
  });

  it('the captcha bypass is on only for NODE_ENV=test or when asked, never in production', () => {
    expect(loadPortalConfig({ NODE_ENV: 'test' }).captchaTestBypass).toBe(true);
    expect(loadPortalConfig({ KYSO_CAPTCHA_TEST_BYPASS: 'true' }).captchaTestBypass).toBe(true);
    expect(() =>
      loadPortalConfig({
        NODE_ENV: 'production',
        KYSO_PEPPER: 'x'.repeat(20),
        KYSO_CAPTCHA_TEST_BYPASS: '1',
      }),
    ).toThrow(ConfigError);
  });

  it.each([
    [{ KYSO_PORTAL_PORT: 'abc' }, 'KYSO_PORTAL_PORT'],
    [{ KYSO_PORTAL_PORT: '70000' }, 'KYSO_PORTAL_PORT'],
    [{ KYSO_LEGACY_REGISTRATION: 'maybe' }, 'KYSO_LEGACY_REGISTRATION'],
    [{ KYSO_PEPPER: 'short' }, 'KYSO_PEPPER'],
    [{ NODE_ENV: 'production' }, 'KYSO_PEPPER'],
    [{ KYSO_OTP_TTL_SECONDS: '29' }, 'KYSO_OTP_TTL_SECONDS'],
    [{ KYSO_PORTAL_PUBLIC_ORIGIN: 'portal.example' }, 'KYSO_PORTAL_PUBLIC_ORIGIN'],
  ])('refuses bad values: %o', (env, variable) => {
    expect(() => loadPortalConfig(env)).toThrow(expect.objectContaining({ name: 'ConfigError', variable }));
  });
});

describe('portal logs', () => {
  it('redact passwords, OTPs, PINs, captcha answers, CSRF tokens and cookies', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = pino(portalLoggerOptions('info'), sink);
    log.info({
      body: {
        password: 'Sông#Hồng7x',
        otp: '123456',
        pin: '1111',
        captcha: 'abcdef',
        idNumber: '001090012345',
      },
      req: { headers: { cookie: 'kyso_sid=secret-cookie', 'x-csrf-token': 'csrf-secret' } },
      form: { passwordConfirm: 'Sông#Hồng7x', _csrf: 'csrf-secret' },
    });
    const out = lines.join('');
    for (const secret of ['Sông#Hồng7x', '123456', '1111', 'abcdef', 'secret-cookie', 'csrf-secret'])
      expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
    expect(out).toContain('001090012345');
  });
});
