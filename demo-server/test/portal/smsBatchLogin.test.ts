/**
 * Password login with the OTP SMS sent in batches through the real simulators: concurrent logins each get
 * their own outcome — the OTP arrives for one, SMS_UNAVAILABLE is shown for the gateway's unavailable phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/portal/security/passwordHash.js';
import { MAGIC_PHONE } from '../../src/simulators/index.js';
import {
  ApiClient,
  insertCitizenAccount,
  lastOtp,
  type PortalHarness,
  type Simulators,
  smsCount,
  startPortalHarness,
  startTestSimulators,
} from './portalTestKit.js';
import { THU } from './registrationFlowSuite.js';

const PASSWORD = 'Biển#Xanh42';
/** A citizen whose phone is the SMS gateway's "unavailable" magic number. */
const UNREACHABLE = {
  idNumber: '001090099001',
  fullName: 'Nguyễn Văn Thử',
  dateOfBirth: '01/01/1990',
  phone: MAGIC_PHONE.unavailable,
};

type Json = { id: string; state: string; messages: { code: string }[] };

let simulators: Simulators;
let h: PortalHarness;

beforeAll(async () => {
  simulators = await startTestSimulators();
  h = await startPortalHarness(simulators);
  const passwordHash = await hashPassword(PASSWORD, h.config.pepper);
  for (const person of [THU, UNREACHABLE])
    await insertCitizenAccount(h.db, person, { passwordHash, createdAt: h.clock() });
});
afterAll(async () => {
  await h?.close();
  await simulators?.close();
});

async function passwordStep(username: string): Promise<Json> {
  const c = await new ApiClient(h.instances[0]!).start();
  const flow = (await c.post('/api/login/flows')).json() as Json;
  const r = await c.post(`/api/login/flows/${flow.id}`, { username, password: PASSWORD, captcha: 'kiemthu' });
  return r.json() as Json;
}

describe('password login with batched OTP SMS', () => {
  it('delivers the OTP to one citizen and shows SMS_UNAVAILABLE to the other, logging in at the same time', async () => {
    const before = await smsCount(simulators, THU.phone);
    const [ok, unreachable] = await Promise.all([
      passwordStep(THU.idNumber),
      passwordStep(UNREACHABLE.idNumber),
    ]);
    expect(ok.state).toBe('otp');
    expect(await smsCount(simulators, THU.phone)).toBe(before + 1);
    expect(await lastOtp(simulators, THU.phone)).toMatch(/^\d{6}$/);
    expect(unreachable.messages.map((m) => m.code)).toContain('SMS_UNAVAILABLE');
    expect(unreachable.state).not.toBe('otp');
  });
});
