/**
 * The text question beside the picture captcha, through the pages and the API, with the test bypass off:
 * registration and login pass with the question's answer alone; the question is read out with the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/portal/security/passwordHash.js';
import {
  ApiClient,
  insertCitizenAccount,
  type PortalHarness,
  type Simulators,
  startPortalHarness,
  startTestSimulators,
} from './portalTestKit.js';
import { AN, THU } from './registrationFlowSuite.js';
import { solve } from './textCaptchaSolver.js';

const PASSWORD = 'Sông#Hồng7x';

interface Json {
  id: string;
  state: string;
  messages: { code: string }[];
  ui: { captchaQuestion?: string; captchaSvg?: string };
}

describe('captcha: the text question for screen-reader and braille users', () => {
  let simulators: Simulators;
  let h: PortalHarness;
  beforeAll(async () => {
    simulators = await startTestSimulators();
    h = await startPortalHarness(simulators, { config: { captchaTestBypass: false } });
    await insertCitizenAccount(h.db, AN, {
      passwordHash: await hashPassword(PASSWORD, h.config.pepper),
      createdAt: h.clock(),
    });
  });
  afterAll(async () => {
    await h.close();
    await simulators.close();
  });

  it('registration (API, English): the question is in ui.captchaQuestion; its answer passes, once', async () => {
    const c = await new ApiClient(h.instances[0]!).start();
    const flow = (
      await c.post('/api/registration/flows?lang=en', { subject: 'congDan', method: 'thueBaoDiDong' })
    ).json() as Json;
    expect(flow.ui.captchaSvg).toMatch(/^<svg/);
    const question = flow.ui.captchaQuestion ?? '';
    expect(question).toMatch(/digits/);
    const answer = solve('en', question);
    const wrong = (
      await c.post(`/api/registration/flows/${flow.id}`, { ...THU, captcha: `${answer}9` })
    ).json() as Json;
    expect([wrong.state, wrong.messages.map((m) => m.code)]).toEqual(['collect', ['CAPTCHA_WRONG']]);
    // A new question after every submission: the old answer is spent.
    expect(wrong.ui.captchaQuestion).not.toBe(question);
    const next = solve(
      'vi',
      ((await c.get(`/api/registration/flows/${flow.id}`)).json() as Json).ui.captchaQuestion ?? '',
    );
    const ok = (await c.post(`/api/registration/flows/${flow.id}`, { ...THU, captcha: next })).json() as Json;
    expect(ok.state).toBe('otp');
  });

  it('login (API): username + password + the text answer → OTP', async () => {
    const c = await new ApiClient(h.instances[0]!).start();
    const flow = (await c.post('/api/login/flows')).json() as Json;
    const answer = solve('vi', flow.ui.captchaQuestion ?? '');
    const r = (
      await c.post(`/api/login/flows/${flow.id}`, {
        username: AN.idNumber,
        password: PASSWORD,
        captcha: answer,
      })
    ).json() as Json;
    expect(r.state).toBe('otp');
  });

  it('login (API): a wrong password spends the question and shows a new one; the old answer is refused', async () => {
    const c = await new ApiClient(h.instances[0]!).start();
    const flow = (await c.post('/api/login/flows')).json() as Json;
    const question = flow.ui.captchaQuestion ?? '';
    const answer = solve('vi', question);
    const path = `/api/login/flows/${flow.id}`;
    const wrong = (
      await c.post(path, { username: AN.idNumber, password: `${PASSWORD}x`, captcha: answer })
    ).json() as Json;
    expect([wrong.state, wrong.messages.map((m) => m.code)]).toEqual(['credentials', ['LOGIN_FAILED']]);
    expect(wrong.ui.captchaSvg).toMatch(/^<svg/);
    expect(wrong.ui.captchaQuestion).toBeDefined();
    expect(wrong.ui.captchaQuestion).not.toBe(question);
    const replayed = (
      await c.post(path, { username: AN.idNumber, password: PASSWORD, captcha: answer })
    ).json() as Json;
    expect([replayed.state, replayed.messages.map((m) => m.code)]).toEqual([
      'credentials',
      ['CAPTCHA_WRONG'],
    ]);
    const next = solve('vi', replayed.ui.captchaQuestion ?? '');
    const ok = (
      await c.post(path, { username: AN.idNumber, password: PASSWORD, captcha: next })
    ).json() as Json;
    expect(ok.state).toBe('otp');
    expect(ok.ui.captchaSvg).toBeUndefined();
  });

  it('pages: the question is shown and tied to the captcha field by aria-describedby', async () => {
    const c = await new ApiClient(h.instances[0]!).start();
    const start = await c.get('/dang-nhap');
    const flowPage = start.statusCode === 303 ? await c.get(String(start.headers.location)) : start;
    const html = flowPage.body;
    expect(html).toContain('id="captcha-question"');
    expect(html).toContain('Không đọc được hình? Thay vào đó, hãy trả lời câu hỏi:');
    expect(/<input[^>]*id="captcha"[^>]*>/.exec(html)?.[0]).toContain(
      'aria-describedby="captcha-question captcha-hint"',
    );
    const question = /data-field="captchaQuestion">([^<]+)</.exec(html)?.[1] ?? '';
    expect(() => solve('vi', question)).not.toThrow();
  });
});
