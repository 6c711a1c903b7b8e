/** `kyso-host doctor` against throwaway SoftHSM tokens, with HOME in a temporary folder. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DOCTOR_PROBLEM_CODES,
  doctorAdvice,
  isDoctorProblemCode,
  validateHostRequest,
} from '@kyso/lib/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softHsmModulePath } from '../src/devTokens/softhsmTokens.js';
import { summarizeCertificate } from '../src/doctor/certificateSummary.js';
import { nodeVersionOk } from '../src/doctor/doctorReport.js';
import { ensureHostBuilt, HOST_BIN } from './support/hostBuild.js';
import { createTestHsm, makeIdentity, type TestHsm, type TestIdentity } from './support/testTokens.js';

let hsm: TestHsm;
let home: string;
let citizen: TestIdentity;

beforeAll(() => {
  ensureHostBuilt();
  citizen = makeIdentity('rsa', 'Nguyen Van A', '01', {}, '/UID=CCCD:001099012345');
  hsm = createTestHsm([
    { token: { label: 'kyso-doctor', pin: '123456', soPin: '12345678' }, identities: [citizen] },
    { token: { label: 'kyso-empty', pin: '123456', soPin: '12345678' }, identities: [] },
  ]);
  home = mkdtempSync(join(tmpdir(), 'kyso-home-'));
});

afterAll(() => {
  hsm?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

function run(
  args: string[],
  modules = softHsmModulePath(),
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [HOST_BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      SOFTHSM2_CONF: hsm.conf,
      KYSO_PKCS11_BUILTIN: '0',
      KYSO_PKCS11_MODULES: modules,
    },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kyso-host doctor', () => {
  it('--json lists modules, tokens, parsed certificates, manifests and problems', () => {
    const r = run(['doctor', '--json'], `/nonexistent/vnptca_p11_v8.so:${softHsmModulePath()}`);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.host.node).toBe(process.version);
    expect(report.modules.map((m: { loaded: boolean }) => m.loaded)).toEqual([false, true]);
    expect(report.tokens.map((t: { label: string }) => t.label).sort()).toEqual([
      'kyso-doctor',
      'kyso-empty',
    ]);
    expect(report.certificates).toHaveLength(1);
    expect(report.certificates[0]).toMatchObject({
      subjectName: 'Nguyen Van A',
      identifiers: [{ type: 'CCCD', value: '001099012345' }],
      organization: 'Kyso Test',
      issuerName: 'Nguyen Van A',
      validity: 'valid',
      token: 'kyso-doctor',
      keyType: 'RSA',
      keySize: 2048,
    });
    const codes = report.problems.map((p: { code: string; subject?: string }) => [p.code, p.subject]);
    expect(codes).toContainEqual(['moduleFailed', '/nonexistent/vnptca_p11_v8.so']);
    expect(codes).toContainEqual(['noCertificate', 'kyso-empty']);
    expect(codes).toContainEqual(['noManifest', undefined]);
  });

  it('checks the manifests install wrote, and flags a wrong extension id', () => {
    expect(run(['install', '--browser', 'chromium,firefox']).status).toBe(0);
    const report = JSON.parse(run(['doctor', '--json']).stdout);
    const found = report.manifests.filter((m: { found: boolean }) => m.found);
    expect(found.map((m: { browser: string; problems: string[] }) => [m.browser, m.problems])).toEqual([
      ['chromium', []],
      ['firefox', []],
    ]);
    expect(
      run(['install', '--browser', 'chrome', '--extension-id', 'abcdefghijklmnopabcdefghijklmnop']).status,
    ).toBe(0);
    const again = JSON.parse(run(['doctor', '--json']).stdout);
    const chrome = again.manifests.find(
      (m: { browser: string; found: boolean }) => m.browser === 'chrome' && m.found,
    );
    expect(chrome.problems).toEqual(['extensionIdMissing']);
    expect(again.problems.map((p: { code: string }) => p.code)).toContain('manifestBroken');
    expect(run(['uninstall']).status).toBe(0);
  });

  it('explains problems in Vietnamese by default and in English with --lang en', () => {
    const vi = run(['doctor']);
    expect(vi.stdout).toContain('Kyso — kiểm tra máy tính');
    expect(vi.stdout).toContain('Nguyen Van A (CCCD 001099012345)');
    expect(vi.stdout).toContain('Chạy "kyso-host install" rồi khởi động lại trình duyệt.');
    const en = run(['doctor', '--lang', 'en']);
    expect(en.stdout).toContain('Kyso — computer check');
    expect(en.stdout).toContain('Run "kyso-host install", then restart the browser.');
    expect(run(['doctor', '--lang', 'fr']).status).toBe(2);
  });
});

describe('doctor helpers', () => {
  it('has a Vietnamese and an English "what" and "what to do" for every problem code', () => {
    for (const code of DOCTOR_PROBLEM_CODES) {
      const vi = doctorAdvice(code, 'vi');
      const en = doctorAdvice(code, 'en');
      for (const a of [vi, en]) {
        expect(a.what.length, code).toBeGreaterThan(5);
        expect(a.fix.length, code).toBeGreaterThan(5);
      }
      expect(vi.fix, code).not.toBe(en.fix);
    }
    expect(isDoctorProblemCode('noToken')).toBe(true);
    expect(isDoctorProblemCode('toString')).toBe(false);
  });

  it('accepts the host method doctor without params and refuses non-object params', () => {
    expect(validateHostRequest({ v: 1, id: 7, method: 'doctor' })).toEqual({ v: 1, id: 7, method: 'doctor' });
    expect(() => validateHostRequest({ v: 1, id: 7, method: 'doctor', params: [1] })).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST' }),
    );
  });

  it('says when a certificate is expired or not yet valid', () => {
    const der = Buffer.from(citizen.certificate);
    expect(summarizeCertificate(der, new Date(Date.now() + 400 * 86_400_000)).validity).toBe('expired');
    expect(summarizeCertificate(der, new Date(Date.now() - 86_400_000)).validity).toBe('notYetValid');
  });

  it("reads the Vietnamese identifiers with their format check through lib's parser", () => {
    const summary = summarizeCertificate(Buffer.from(citizen.certificate));
    expect(summary.identifiers).toEqual([{ type: 'CCCD', value: '001099012345', valid: true }]);
    expect(summary.subjectName).toBe('Nguyen Van A');
  });

  it('checks the Node version floor (20.19)', () => {
    expect(nodeVersionOk('v20.19.0')).toBe(true);
    expect(nodeVersionOk('v22.1.0')).toBe(true);
    expect(nodeVersionOk('v20.18.3')).toBe(false);
    expect(nodeVersionOk('v18.20.0')).toBe(false);
  });
});
