import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { loadDemoPki } from '../src/demo-pki/index.js';
import { encodePem } from '../src/encoding/index.js';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'kyso-cli-'));
const p = (name: string) => join(dir, name);

beforeAll(async () => {
  const pki = await loadDemoPki();
  const emp = pki.identities.employee;
  writeFileSync(p('employee.der'), emp.certificate);
  writeFileSync(p('employee.pem'), encodePem('CERTIFICATE', emp.certificate));
  writeFileSync(p('employee.b64'), Buffer.from(emp.certificate).toString('base64'));
  writeFileSync(p('chain.pem'), emp.chain.map((c) => encodePem('CERTIFICATE', c)).join(''));
  writeFileSync(p('root.pem'), encodePem('CERTIFICATE', emp.root));
  writeFileSync(p('other-root.pem'), encodePem('CERTIFICATE', pki.roots.government));
  writeFileSync(
    p('employee.key'),
    createPrivateKey({ key: Buffer.from(emp.privateKey), format: 'der', type: 'pkcs8' }).export({
      type: 'pkcs8',
      format: 'pem',
    }),
  );
  writeFileSync(p('dossier.txt'), 'Tờ khai cấp hộ chiếu phổ thông — Phạm Thị Dung\n');
  // An independent signer: OpenSSL makes a detached CMS with the demo employee's key.
  execFileSync('openssl', [
    'cms',
    '-sign',
    '-binary',
    '-md',
    'sha256',
    '-in',
    p('dossier.txt'),
    '-signer',
    p('employee.pem'),
    '-inkey',
    p('employee.key'),
    '-certfile',
    p('chain.pem'),
    '-outform',
    'DER',
    '-out',
    p('dossier.p7s'),
  ]);
});

describe('kyso inspect', () => {
  it('shows the Vietnamese profile of a certificate as a table, from DER, PEM and base64', async () => {
    for (const f of ['employee.der', 'employee.pem', 'employee.b64']) {
      const r = await cli('inspect', p(f));
      expect(r.code).toBe(0);
      expect(r.out).toContain('Phạm Thị Dung');
      expect(r.out).toContain('CCCD: 048192004567 ✓');
      expect(r.out).toContain('Cá nhân thuộc tổ chức');
      expect(r.out).toMatch(/Viettel-CA/);
      expect(r.out).toContain('│');
    }
    const en = await cli('inspect', p('employee.der'), '--lang', 'en');
    expect(en.out).toContain('Person in an organization');
  });

  it('prints the JSON description with identifiers and subjectType', async () => {
    const r = await cli('inspect', p('employee.pem'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.subjectType).toBe('personalInOrganization');
    expect(j.identifiers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'MST', value: '0401267547-001', valid: true }),
        expect.objectContaining({ type: 'CCCD', value: '048192004567', valid: true }),
      ]),
    );
    expect(j.fingerprints.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exits 2 with a clear message, never a stack trace, on bad usage or input', async () => {
    const missing = await cli('inspect', p('nope.der'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Không đọc được tệp chứng thư');
    const notCert = await cli('inspect', p('dossier.txt'));
    expect(notCert.code).toBe(2);
    expect(notCert.err).toContain('không phải chứng thư số hợp lệ');
    expect((await cli('inspect')).code).toBe(2);
    expect((await cli('bogus')).code).toBe(2);
    expect((await cli('inspect', p('employee.der'), '--wat')).code).toBe(2);
    for (const r of [missing, notCert]) expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('kyso verify', () => {
  it('verifies an OpenSSL-made detached CMS: valid, signer identity, exit 0', async () => {
    const r = await cli(
      'verify',
      p('dossier.p7s'),
      '--content',
      p('dossier.txt'),
      '--trust',
      p('root.pem'),
      '--offline',
      '--json',
    );
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.signers).toHaveLength(1);
    const s = j.signers[0];
    expect(s.integrity).toBe(true);
    expect(s.signatureValid).toBe(true);
    expect(s.path.valid).toBe(true);
    expect(s.identifiers).toEqual(
      expect.arrayContaining([{ type: 'CCCD', value: '048192004567', valid: true }]),
    );
    expect(s.revocation).toBe('notChecked');
    expect(j.valid).toBe(true);
    expect(r.code).toBe(0);
    const human = await cli(
      'verify',
      p('dossier.p7s'),
      '--content',
      p('dossier.txt'),
      '--trust',
      p('root.pem'),
      '--offline',
    );
    expect(human.out).toContain('HỢP LỆ');
    expect(human.out).toContain('Toàn vẹn dữ liệu');
  });

  it('exits 1 for tampered content and for an untrusted root', async () => {
    writeFileSync(p('tampered.txt'), readFileSync(p('dossier.txt'), 'utf8').replace('Dung', 'Dũng'));
    const t = await cli(
      'verify',
      p('dossier.p7s'),
      '--content',
      p('tampered.txt'),
      '--trust',
      p('root.pem'),
      '--offline',
      '--json',
    );
    expect(t.code).toBe(1);
    expect(JSON.parse(t.out).signers[0].integrity).toBe(false);
    const u = await cli(
      'verify',
      p('dossier.p7s'),
      '--content',
      p('dossier.txt'),
      '--trust',
      p('other-root.pem'),
      '--offline',
      '--json',
    );
    expect(u.code).toBe(1);
    expect(JSON.parse(u.out).signers[0].path.valid).toBe(false);
  });

  it('exits 2 without --trust, with an unreadable file or a bad --time', async () => {
    expect((await cli('verify', p('dossier.p7s'))).code).toBe(2);
    expect((await cli('verify', p('none.p7s'), '--trust', p('root.pem'))).code).toBe(2);
    expect((await cli('verify', p('dossier.p7s'), '--trust', p('dossier.txt'))).code).toBe(2);
    expect(
      (await cli('verify', p('dossier.p7s'), '--trust', p('root.pem'), '--time', 'yesterday')).code,
    ).toBe(2);
  });

  it('the installed bin runs the same command and exits with its code', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'lib/src/cli/bin.ts', 'inspect', p('employee.der'), '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).subjectType).toBe('personalInOrganization');
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'lib/src/cli/bin.ts', 'verify'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
