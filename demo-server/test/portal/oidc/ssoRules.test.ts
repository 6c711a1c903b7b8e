/**
 * The rules of the national portal's single sign-on without HTTP: client registration from the
 * environment, levels of assurance, and the DVCQG claims built from an account and the population record.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/portal/config.js';
import type { PopulationRecord } from '../../../src/portal/externals/simulatorsClient.js';
import { accountClaims, type ClaimAccount, compactDate } from '../../../src/portal/oidc/citizenClaims.js';
import { amrOf, loaOf, requiredLevel } from '../../../src/portal/oidc/levelOfAssurance.js';
import { backchannelFetch } from '../../../src/portal/oidc/nationalProvider.js';
import {
  ENDED_SESSION_SWEEP_MS,
  openIdProviderConfigFromEnv,
} from '../../../src/portal/oidc/openIdProviderConfig.js';

describe('client registration from the environment', () => {
  it('registers the ministry portal per the contract by default', () => {
    const { clients, jwks } = openIdProviderConfigFromEnv({});
    expect(jwks).toBeUndefined();
    expect(clients).toEqual([
      {
        client_id: 'bocongan-dvc',
        client_secret: 'kyso-demo-bocongan-secret',
        redirect_uris: ['http://localhost:8081/dang-nhap/dvcqg/callback'],
        post_logout_redirect_uris: ['http://localhost:8081/'],
        backchannel_logout_uri: 'http://localhost:8081/dang-nhap/dvcqg/backchannel-logout',
        backchannel_logout_session_required: true,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        client_name: 'Cổng dịch vụ công Bộ Công an',
      },
    ]);
  });

  it('follows KYSO_MINISTRY_* and adds the clients of KYSO_OIDC_CLIENTS', () => {
    const { clients } = openIdProviderConfigFromEnv({
      KYSO_MINISTRY_PUBLIC_ORIGIN: 'https://dichvucong.bocongan.example/',
      KYSO_MINISTRY_CLIENT_ID: 'bca',
      KYSO_MINISTRY_CLIENT_SECRET: 'a-long-enough-secret',
      KYSO_OIDC_CLIENTS: JSON.stringify([
        {
          client_id: 'so-tu-phap',
          client_secret: 'another-long-secret',
          redirect_uris: ['https://stp.example/cb'],
          client_name: 'Sở Tư pháp',
        },
      ]),
    });
    expect(clients[0]).toMatchObject({
      client_id: 'bca',
      client_secret: 'a-long-enough-secret',
      redirect_uris: ['https://dichvucong.bocongan.example/dang-nhap/dvcqg/callback'],
    });
    expect(clients[1]).toEqual({
      client_id: 'so-tu-phap',
      client_secret: 'another-long-secret',
      redirect_uris: ['https://stp.example/cb'],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      client_name: 'Sở Tư pháp',
    });
  });

  it.each([
    [{ KYSO_MINISTRY_CLIENT_SECRET: 'short' }, 'KYSO_MINISTRY_CLIENT_SECRET'],
    [{ NODE_ENV: 'production', KYSO_PEPPER: 'x'.repeat(20) }, 'KYSO_MINISTRY_CLIENT_SECRET'],
    [{ KYSO_MINISTRY_PUBLIC_ORIGIN: 'localhost:8081' }, 'KYSO_MINISTRY_PUBLIC_ORIGIN'],
    [{ KYSO_MINISTRY_CLIENT_ID: 'bad id' }, 'KYSO_MINISTRY_CLIENT_ID'],
    [{ KYSO_OIDC_CLIENTS: '{' }, 'KYSO_OIDC_CLIENTS'],
    [{ KYSO_OIDC_CLIENTS: '{}' }, 'KYSO_OIDC_CLIENTS'],
    [{ KYSO_OIDC_CLIENTS: '[{"client_id":"x","client_secret":"0123456789abcdef"}]' }, 'KYSO_OIDC_CLIENTS'],
    [
      {
        KYSO_OIDC_CLIENTS:
          '[{"client_id":"x","client_secret":"0123456789abcdef","redirect_uris":["ftp://a"]}]',
      },
      'KYSO_OIDC_CLIENTS',
    ],
    [
      {
        KYSO_OIDC_CLIENTS:
          '[{"client_id":"bocongan-dvc","client_secret":"0123456789abcdef","redirect_uris":["https://a/cb"]}]',
      },
      'KYSO_OIDC_CLIENTS',
    ],
    [{ KYSO_OIDC_JWKS: '{"keys":[{"kty":"RSA","n":"x","e":"AQAB","kid":"k"}]}' }, 'KYSO_OIDC_JWKS'],
    [{ KYSO_OIDC_ENDED_SESSION_SWEEP_MS: '999' }, 'KYSO_OIDC_ENDED_SESSION_SWEEP_MS'],
    [{ KYSO_OIDC_ENDED_SESSION_SWEEP_MS: '3600001' }, 'KYSO_OIDC_ENDED_SESSION_SWEEP_MS'],
    [{ KYSO_OIDC_ENDED_SESSION_SWEEP_MS: '1e4' }, 'KYSO_OIDC_ENDED_SESSION_SWEEP_MS'],
    [{ KYSO_OIDC_ENDED_SESSION_SWEEP_MS: '-5' }, 'KYSO_OIDC_ENDED_SESSION_SWEEP_MS'],
  ])('refuses %j with a ConfigError naming %s', (env, variable) => {
    expect(() => openIdProviderConfigFromEnv(env)).toThrow(ConfigError);
    try {
      openIdProviderConfigFromEnv(env);
    } catch (e) {
      expect((e as ConfigError).variable).toBe(variable);
    }
  });

  it('sweeps ended portal sessions every minute by default; KYSO_OIDC_ENDED_SESSION_SWEEP_MS sets it, 0 turns it off', () => {
    expect(openIdProviderConfigFromEnv({}).endedSessionSweepMs).toBe(ENDED_SESSION_SWEEP_MS);
    expect(ENDED_SESSION_SWEEP_MS).toBe(60_000);
    expect(
      openIdProviderConfigFromEnv({ KYSO_OIDC_ENDED_SESSION_SWEEP_MS: '5000' }).endedSessionSweepMs,
    ).toBe(5000);
    expect(openIdProviderConfigFromEnv({ KYSO_OIDC_ENDED_SESSION_SWEEP_MS: '0' }).endedSessionSweepMs).toBe(
      0,
    );
    expect(openIdProviderConfigFromEnv({ KYSO_OIDC_ENDED_SESSION_SWEEP_MS: '' }).endedSessionSweepMs).toBe(
      ENDED_SESSION_SWEEP_MS,
    );
  });

  it('takes private signing keys from KYSO_OIDC_JWKS', () => {
    const key = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd', kid: 'k1' };
    expect(openIdProviderConfigFromEnv({ KYSO_OIDC_JWKS: JSON.stringify({ keys: [key] }) }).jwks).toEqual({
      keys: [key],
    });
  });

  it('lets the provider call only registered back-channel logout URLs', async () => {
    const { clients } = openIdProviderConfigFromEnv({});
    const f = backchannelFetch({ clients });
    await expect(f('http://169.254.169.254/latest/meta-data', { method: 'POST' })).rejects.toThrow(
      /unregistered URL/,
    );
  });
});

describe('levels of assurance', () => {
  it('gives LoA2 to certificate sign-ins and to level-2 identity providers, LoA1 otherwise', () => {
    expect(loaOf('password')).toBe(1);
    expect(loaOf('usbKySo')).toBe(2);
    expect(loaOf('simKySo')).toBe(2);
    expect(loaOf('chuKySoCaNhan')).toBe(2);
    expect(loaOf('vneid', 2)).toBe(2);
    expect(loaOf('vneid', 1)).toBe(1);
    expect(loaOf('postid', 2)).toBe(2);
    expect(loaOf('postid')).toBe(1);
  });

  it('reads the level a request needs from acr_values (the lowest level listed)', () => {
    expect(requiredLevel(undefined)).toBe(1);
    expect(requiredLevel('LoA2')).toBe(2);
    expect(requiredLevel('LoA1')).toBe(1);
    expect(requiredLevel('LoA2 LoA1')).toBe(1);
    expect(requiredLevel('urn:khac LoA2')).toBe(2);
    expect(requiredLevel('khong-biet')).toBe(1);
  });

  it('describes the sign-in with RFC 8176 amr values', () => {
    expect(amrOf('password')).toEqual(['pwd', 'sms', 'mfa']);
    expect(amrOf('usbKySo')).toEqual(['hwk', 'pin', 'mfa']);
    expect(amrOf('chuKySoCaNhan')).toEqual(['swk', 'mfa']);
    // A portal method's values do not depend on what an identity provider says.
    expect(amrOf('password', 1, ['hwk'])).toEqual(['pwd', 'sms', 'mfa']);
  });

  it("passes on a federated provider's own amr, registered values only, mfa at level 2", () => {
    expect(amrOf('vneid', 2, ['pwd', 'swk', 'mfa'])).toEqual(['pwd', 'swk', 'mfa']);
    expect(amrOf('vneid', 1, ['pwd'])).toEqual(['pwd']);
    expect(amrOf('postid', 2, ['pwd', 'sms'])).toEqual(['pwd', 'sms', 'mfa']);
    expect(amrOf('vneid', 2, ['pwd', 'urn:vneid:app', 42, 'pwd'])).toEqual(['pwd', 'mfa']);
  });

  it('says fed when the provider reported no registered method (mfa at level 2)', () => {
    expect(amrOf('vneid', 1)).toEqual(['fed']);
    expect(amrOf('postid', 2)).toEqual(['fed', 'mfa']);
    expect(amrOf('vneid', 2, 'pwd')).toEqual(['fed', 'mfa']);
    expect(amrOf('postid', 1, ['urn:khac'])).toEqual(['fed']);
    expect(amrOf('vneid', 1, [])).toEqual(['fed']);
  });
});

describe('DVCQG claims', () => {
  const citizen: ClaimAccount = {
    id: '5f0c2a6e-2b8e-4c55-9d0b-111111111111',
    subject: 'congDan',
    idNumber: '075197002233',
    fullName: 'Hồ Thị Thu',
    dateOfBirth: '19/12/1997',
    phone: '0708123456',
    email: null,
    bhxhCode: '7597002233',
  };
  const record: PopulationRecord = {
    cccd: '075197002233',
    cmnd: '271234567',
    fullName: 'Hồ Thị Thu',
    dateOfBirth: '19/12/1997',
    gender: 'female',
    permanentAddress: 'Số 56 đường Võ Thị Sáu, Phường Trấn Biên, Đồng Nai',
    email: 'thu@example.vn',
  };

  it('fills a citizen from the account and the population record', () => {
    expect(accountClaims(citizen, record, 'LoA2')).toEqual({
      sub: citizen.id,
      LoaiTaiKhoan: '1',
      SoDinhDanh: '075197002233',
      SoCMND: '271234567',
      HoVaTen: 'Hồ Thị Thu',
      NgayThangNamSinh: '19971219',
      GioiTinh: 2,
      ThuongTru: 'Số 56 đường Võ Thị Sáu, Phường Trấn Biên, Đồng Nai',
      SoDienThoai: '0708123456',
      ThuDienTu: 'thu@example.vn',
      MaBHXH: '7597002233',
      loAs: 'LoA2',
      TechID: citizen.id,
    });
  });

  it('invents nothing when the population database did not answer', () => {
    const claims = accountClaims({ ...citizen, dateOfBirth: null, bhxhCode: null }, undefined, undefined);
    expect(claims).toEqual({
      sub: citizen.id,
      LoaiTaiKhoan: '1',
      SoDinhDanh: '075197002233',
      HoVaTen: 'Hồ Thị Thu',
      SoDienThoai: '0708123456',
      TechID: citizen.id,
    });
  });

  it('an old 9-digit CMND account gets SoCMND, and SoDinhDanh only from the population record', () => {
    const cmnd = { ...citizen, idNumber: '271234567' };
    expect(accountClaims(cmnd, undefined, 'LoA1')).toMatchObject({ SoCMND: '271234567' });
    expect(accountClaims(cmnd, undefined, 'LoA1').SoDinhDanh).toBeUndefined();
    expect(accountClaims(cmnd, record, 'LoA1')).toMatchObject({
      SoCMND: '271234567',
      SoDinhDanh: '075197002233',
    });
  });

  it('gives an organisation MaSoThue and TenDoanhNghiep, and a civil servant the personal claims', () => {
    const agency = {
      ...citizen,
      subject: 'coQuanNhaNuoc' as const,
      idNumber: '0100109106',
      fullName: 'Sở Tư pháp',
    };
    expect(accountClaims(agency, undefined, 'LoA2')).toMatchObject({
      LoaiTaiKhoan: '2',
      MaSoThue: '0100109106',
    });
    const servant = { ...citizen, subject: 'coQuanNhaNuoc' as const };
    expect(accountClaims(servant, undefined, 'LoA2')).toMatchObject({
      LoaiTaiKhoan: '1',
      SoDinhDanh: '075197002233',
    });
  });

  it('writes dates as YYYYMMDD from either form, and nothing for anything else', () => {
    expect(compactDate('05/09/1990')).toBe('19900905');
    expect(compactDate('1990-09-05')).toBe('19900905');
    expect(compactDate('5/9/1990')).toBeUndefined();
    expect(compactDate(null)).toBeUndefined();
  });
});
