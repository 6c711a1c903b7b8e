/**
 * One solved captcha buys one password check: parallel submissions of the same answer on one login flow
 * claim it by saving the flow (version bumped) before argon2; the others get FLOW_CONFLICT (or, if they read
 * the flow after the claim, CAPTCHA_WRONG) — no argon2 verify and no failure counted for them. Before the
 * claim, all eight ran argon2 and counted a failure each.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { argon2Slots } from '../../src/portal/security/argon2Slots.js';
import { hashPassword } from '../../src/portal/security/passwordHash.js';
import {
  ApiClient,
  insertCitizenAccount,
  type PortalHarness,
  type Simulators,
  startPortalHarness,
  startTestSimulators,
} from './portalTestKit.js';
import { AN } from './registrationFlowSuite.js';
import { solve } from './textCaptchaSolver.js';

let simulators: Simulators;
let h: PortalHarness;

beforeAll(async () => {
  simulators = await startTestSimulators();
  h = await startPortalHarness(simulators, { config: { captchaTestBypass: false } });
  await insertCitizenAccount(h.db, AN, {
    passwordHash: await hashPassword('Sông#Hồng7x', h.config.pepper),
    createdAt: h.clock(),
  });
});
afterAll(async () => {
  await h?.close();
  await simulators?.close();
});

type Answer = { messages?: { code: string }[]; error?: { code: string } };

describe('a solved captcha is claimed before the password check', () => {
  it('8 parallel wrong passwords with one answer: one argon2 check, one failure, the rest refused', async () => {
    const c = await new ApiClient(h.instances[0]!).start();
    const flow = (await c.post('/api/login/flows?lang=en', { method: 'password' })).json() as {
      id: string;
      ui: { captchaQuestion?: string };
    };
    const answer = solve('en', flow.ui.captchaQuestion ?? '');
    const checks = vi.spyOn(argon2Slots(), 'run');
    const rs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        c.post(`/api/login/flows/${flow.id}`, {
          username: AN.idNumber,
          password: `wrong-${i}Xx#1`,
          captcha: answer,
        }),
      ),
    );
    const codes = rs.map((r) => {
      const j = r.json() as Answer;
      return j.error?.code ?? j.messages?.map((m) => m.code).join(',');
    });
    expect(checks).toHaveBeenCalledTimes(1);
    checks.mockRestore();
    // The claim's winner answers LOGIN_FAILED, or FLOW_CONFLICT when a loser saved the flow (with a new
    // captcha) before it; the losers answer FLOW_CONFLICT (read before the claim) or CAPTCHA_WRONG (after).
    expect(codes.filter((x) => x === 'LOGIN_FAILED').length).toBeLessThanOrEqual(1);
    expect(codes.every((x) => x === 'LOGIN_FAILED' || x === 'FLOW_CONFLICT' || x === 'CAPTCHA_WRONG')).toBe(
      true,
    );
    const lock = await h.db
      .selectFrom('lockouts')
      .select('failures')
      .where('key', '=', `acct:${AN.idNumber}`)
      .executeTakeFirstOrThrow();
    expect(lock.failures).toBe(1);
    const audits = await h.db
      .selectFrom('auditLog')
      .select('event')
      .where('event', '=', 'login.failed')
      .execute();
    expect(audits).toHaveLength(1);
  });
});
