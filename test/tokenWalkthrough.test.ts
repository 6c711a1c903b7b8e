import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTokenWalkthrough } from '../scripts/tokenWalkthrough.js';

describe('npm start token walkthrough (real kyso-host, SoftHSM demo tokens, lib verifiers)', () => {
  // Idempotent (0.6 s when nothing changed): the tokens always match the demo PKI on disk.
  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/provisionDemoTokens.ts', '--quiet'], {
      stdio: 'inherit',
    });
  }, 120_000);

  it('lists the demo tokens, signs and verifies a dossier, logs in, refuses revoked and wrong PIN', async () => {
    let text = '';
    await runTokenWalkthrough({ lang: 'en', onlineRevocation: false, out: (s) => (text += s) });
    const sections = text.split(/\n(?=[①②③④⑤⑥])/);
    const section = (mark: string) => sections.find((s) => s.startsWith(mark)) ?? '';
    expect(section('②')).toContain('Kyso Demo citizen');
    expect(section('②')).toContain('CCCD:001090012345');
    expect(section('③')).toContain('Signature verification report: VALID');
    expect(section('③')).toContain('not revoked');
    expect(section('④')).toContain('Valid — user: CCCD:001090012345');
    expect(section('④')).toContain('refused (AUTH_TOKEN_SIGNATURE)');
    expect(section('⑤')).toContain('NOT VALID');
    expect(section('⑤')).toContain('REVOKED');
    expect(section('⑥')).toContain('PIN_INCORRECT');
  }, 120_000);
});
