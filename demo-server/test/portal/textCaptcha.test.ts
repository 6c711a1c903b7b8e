/**
 * The accessible captcha alternative: questions in words answered with digits. A small solver that reads
 * the questions as a person (or a program written for this portal) would checks that every question has
 * exactly the stored answer in both languages — and shows the trade-off documented in textCaptcha.ts.
 */
import { describe, expect, it } from 'vitest';
import { consumeCaptcha, refreshCaptcha } from '../../src/portal/flows/captchaStep.js';
import type { PortalContext } from '../../src/portal/portalContext.js';
import {
  createTextCaptcha,
  normaliseTextAnswer,
  numberWords,
} from '../../src/portal/security/textCaptcha.js';
import { solve } from './textCaptchaSolver.js';

/** A scripted random source: returns the given values in order. */
function scripted(values: number[]) {
  let i = 0;
  return (max: number) => {
    const v = values[i++];
    if (v === undefined || v >= max) throw new Error(`script ran out or ${v} ≥ ${max}`);
    return v;
  };
}

describe('text captcha', () => {
  it('reads numbers 0–19 in Vietnamese and English, 15 as "mười lăm"; nothing else', () => {
    expect(numberWords(0)).toEqual({ vi: 'không', en: 'zero' });
    expect(numberWords(5)).toEqual({ vi: 'năm', en: 'five' });
    expect(numberWords(10)).toEqual({ vi: 'mười', en: 'ten' });
    expect(numberWords(15)).toEqual({ vi: 'mười lăm', en: 'fifteen' });
    expect(numberWords(19)).toEqual({ vi: 'mười chín', en: 'nineteen' });
    expect(() => numberWords(20)).toThrow(RangeError);
    expect(() => numberWords(-1)).toThrow(RangeError);
  });

  it('each template, scripted: the question says exactly what the answer is', () => {
    expect(createTextCaptcha(scripted([0, 7, 2, 9, 4, 1]))).toEqual({
      question: {
        vi: 'Viết bằng chữ số dãy sau: bảy, hai, chín, bốn, một.',
        en: 'Write as digits: seven, two, nine, four, one.',
      },
      answer: '72941',
    });
    // (2+5) + (2+3) = 12, then the digit 0 → "120".
    const sum = createTextCaptcha(scripted([1, 5, 3, 0]));
    expect(sum.question.vi).toBe(
      'Lấy bảy cộng năm, rồi viết kết quả và thêm chữ số không vào cuối (bằng chữ số).',
    );
    expect(sum.answer).toBe('120');
    // Pool 0..19: index 15 (15), index 0 (0), index 16 of [1..14, 16..19] (18), index 2 of [1..14, 16, 17, 19] (3).
    const extremes = createTextCaptcha(scripted([2, 15, 0, 16, 2]));
    expect(extremes.question.vi).toBe(
      'Trong các số mười lăm, không, mười tám, ba: viết số lớn nhất rồi số nhỏ nhất, liền nhau, bằng chữ số.',
    );
    expect(extremes.answer).toBe('180');
  });

  it('500 random questions: digits-only answers, solvable in both languages to the stored answer', () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const c = createTextCaptcha();
      expect(c.answer).toMatch(/^\d{2,5}$/);
      expect(solve('vi', c.question.vi)).toBe(c.answer);
      expect(solve('en', c.question.en)).toBe(c.answer);
      kinds.add(c.question.en.split(' ')[0] ?? '');
    }
    expect(kinds).toEqual(new Set(['Write', 'Add', 'Of']));
  });

  it('answers are compared as digits: spaces, dots and dashes typed between them are ignored', () => {
    expect(normaliseTextAnswer(' 72 9-41. ')).toBe('72941');
  });
});

describe('captcha step with the text alternative', () => {
  const ctx = {
    config: { pepper: 'pepper-pepper-pepper-pepper', captchaTestBypass: false },
  } as PortalContext;

  it('accepts the text answer once; the picture and the question are replaced together', () => {
    const data: Parameters<typeof refreshCaptcha>[2] = {};
    refreshCaptcha(ctx, 'flow-1', data);
    const question = data.captchaQuestion;
    expect(question?.vi).toBeTruthy();
    expect(data.captchaSvg).toMatch(/^<svg/);
    const answer = solve('vi', question?.vi ?? '');
    expect(consumeCaptcha(ctx, 'flow-1', data, ` ${answer} `)).toBe(true);
    expect(data.captchaQuestion).not.toBe(question);
    // Single use: the old answer no longer works (unless the new question happens to have the same answer).
    const next = solve('vi', data.captchaQuestion?.vi ?? '');
    if (next !== answer) expect(consumeCaptcha(ctx, 'flow-1', data, answer)).toBe(false);
  });

  it('refuses a wrong answer, an empty one, and an answer for another flow', () => {
    const data: Parameters<typeof refreshCaptcha>[2] = {};
    refreshCaptcha(ctx, 'flow-1', data);
    const answer = solve('en', data.captchaQuestion?.en ?? '');
    expect(consumeCaptcha(ctx, 'flow-1', data, `${answer}1`)).toBe(false);
    expect(consumeCaptcha(ctx, 'flow-1', data, '')).toBe(false);
    expect(consumeCaptcha(ctx, 'flow-1', data, '-')).toBe(false);
    const other: Parameters<typeof refreshCaptcha>[2] = {};
    refreshCaptcha(ctx, 'flow-2', other);
    expect(consumeCaptcha(ctx, 'flow-1', data, solve('en', other.captchaQuestion?.en ?? ''))).toBe(
      solve('en', data.captchaQuestion?.en ?? '') === solve('en', other.captchaQuestion?.en ?? ''),
    );
  });
});
