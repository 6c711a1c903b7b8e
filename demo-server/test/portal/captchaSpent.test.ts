/**
 * A captcha answer, once taken or replaced, never comes back in the same flow: a parallel submission of a
 * spent answer cannot pass a later question by chance (captchaClaim.test.ts failed now and then when the
 * refreshed sum-then-digit question had the same answer as the one already used).
 */
import { describe, expect, it } from 'vitest';
import {
  CAPTCHA_SPENT_KEPT,
  type CaptchaData,
  type CaptchaDraw,
  refreshCaptcha,
  takeCaptcha,
} from '../../src/portal/flows/captchaStep.js';
import type { PortalContext } from '../../src/portal/portalContext.js';

const ctx = { config: { pepper: 'p'.repeat(32), captchaTestBypass: false } } as unknown as PortalContext;
const FLOW = '00000000-0000-4000-8000-0000000000aa';

/** Draws the given answers in turn (the picture's and the question's), then keeps repeating the last. */
function scripted(pictures: string[], texts: string[]): CaptchaDraw & { drawn: () => number } {
  let p = 0;
  let t = 0;
  return {
    picture: () => ({
      answer: pictures[Math.min(p++, pictures.length - 1)] as string,
      svg: `<svg>${p}</svg>`,
    }),
    text: () => {
      const answer = texts[Math.min(t++, texts.length - 1)] as string;
      return { question: { vi: `câu ${answer}`, en: `question ${answer}` }, answer };
    },
    drawn: () => t,
  };
}

describe('spent captcha answers', () => {
  it('the next question never has the answer just taken, in either form', () => {
    const data: CaptchaData = {};
    refreshCaptcha(ctx, FLOW, data, scripted(['ABCDE'], ['123']));
    expect(takeCaptcha(ctx, FLOW, data, '123')).toBe(true);
    const draw = scripted(['ABCDE', 'ABCDE', 'FGHJK'], ['123', '123', '124']);
    refreshCaptcha(ctx, FLOW, data, draw);
    expect(draw.drawn()).toBe(3);
    expect(data.captchaQuestion?.en).toBe('question 124');
    expect(takeCaptcha(ctx, FLOW, { ...data }, '123')).toBe(false);
    expect(takeCaptcha(ctx, FLOW, { ...data }, 'ABCDE')).toBe(false);
    expect(takeCaptcha(ctx, FLOW, { ...data }, '124')).toBe(true);
    expect(takeCaptcha(ctx, FLOW, { ...data }, 'FGHJK')).toBe(true);
  });

  it('a challenge replaced without an answer is spent too', () => {
    const data: CaptchaData = {};
    refreshCaptcha(ctx, FLOW, data, scripted(['AAAAA'], ['555']));
    refreshCaptcha(ctx, FLOW, data, scripted(['AAAAA', 'BBBBB'], ['555', '556']));
    expect(takeCaptcha(ctx, FLOW, { ...data }, '555')).toBe(false);
    expect(takeCaptcha(ctx, FLOW, { ...data }, '556')).toBe(true);
  });

  it('when every draw repeats a spent answer, that form is left out rather than reused', () => {
    const data: CaptchaData = {};
    refreshCaptcha(ctx, FLOW, data, scripted(['AAAAA'], ['777']));
    refreshCaptcha(ctx, FLOW, data, scripted(['BBBBB'], ['777']));
    expect(data.captchaQuestion).toBeUndefined();
    expect(data.captchaTextDigest).toBeUndefined();
    expect(takeCaptcha(ctx, FLOW, { ...data }, '777')).toBe(false);
    expect(takeCaptcha(ctx, FLOW, { ...data }, 'BBBBB')).toBe(true);
  });

  it(`remembers the last ${CAPTCHA_SPENT_KEPT} digests, newest last`, () => {
    const data: CaptchaData = {};
    for (let i = 0; i < 12; i++) refreshCaptcha(ctx, FLOW, data, scripted([`P${i}XXX`], [`${100 + i}`]));
    expect(data.captchaSpent).toHaveLength(CAPTCHA_SPENT_KEPT);
    // The 12th challenge is the current one; the 11th was spent last.
    const eleventh = scripted([`P10XXX`], ['110']);
    refreshCaptcha(ctx, FLOW, data, {
      picture: eleventh.picture,
      text: scripted(['x'], ['110', '999']).text,
    });
    expect(data.captchaQuestion?.en).toBe('question 999');
  });
});
