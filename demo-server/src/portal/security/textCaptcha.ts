/**
 * The accessible alternative to the picture captcha: a short question in words, answered with digits.
 *
 * Who it is for: a blind citizen using a screen reader, and a deafblind citizen using a braille display —
 * an audio captcha would leave the second out, and spoken digits would need a speech synthesiser the demo
 * does not ship. The question is plain text in the page (and `ui.captchaQuestion` in the JSON API), so any
 * assistive technology reads it; it also helps people who cannot make out distorted letters.
 *
 * Trade-off (docs/demo-server.md): a program written for this portal can parse these questions as easily as
 * a person answers them, so the text question is a speed bump, like the picture, not a wall. What holds
 * against automated abuse are the limits behind it — per-IP registry checks, login lockouts, OTP sends per
 * phone — which apply whichever captcha was answered. Each question is single use, like the picture.
 */
import { randomInt } from 'node:crypto';
import type { RandomInt } from './captcha.js';

export interface TextCaptcha {
  question: { vi: string; en: string };
  /** Digits only. */
  answer: string;
}

const VI_DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;
const VI_TEENS = [
  'mười',
  'mười một',
  'mười hai',
  'mười ba',
  'mười bốn',
  'mười lăm',
  'mười sáu',
  'mười bảy',
  'mười tám',
  'mười chín',
] as const;
const EN_TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
] as const;

/** 0–19 in words (Vietnamese reads 15 as "mười lăm"). */
export function numberWords(n: number): { vi: string; en: string } {
  if (!Number.isInteger(n) || n < 0 || n > 19) throw new RangeError(`no words for ${n}`);
  return n < 10
    ? { vi: VI_DIGITS[n] as string, en: EN_DIGITS[n] as string }
    : { vi: VI_TEENS[n - 10] as string, en: EN_TEENS[n - 10] as string };
}

type Template = (rand: RandomInt) => TextCaptcha;

/** "Write as digits: seven, two, nine, four, one" — five digits, 10^5 answers. */
const spelledDigits: Template = (rand) => {
  const digits = Array.from({ length: 5 }, () => rand(10));
  return {
    question: {
      vi: `Viết bằng chữ số dãy sau: ${digits.map((d) => numberWords(d).vi).join(', ')}.`,
      en: `Write as digits: ${digits.map((d) => numberWords(d).en).join(', ')}.`,
    },
    answer: digits.join(''),
  };
};

/** "Seven plus five, then write the result followed by the digit three" — sum and a trailing digit. */
const sumThenDigit: Template = (rand) => {
  const a = 2 + rand(8);
  const b = 2 + rand(8);
  const tail = rand(10);
  return {
    question: {
      vi: `Lấy ${numberWords(a).vi} cộng ${numberWords(b).vi}, rồi viết kết quả và thêm chữ số ${numberWords(tail).vi} vào cuối (bằng chữ số).`,
      en: `Add ${numberWords(a).en} and ${numberWords(b).en}, then write the result followed by the digit ${numberWords(tail).en} (in digits).`,
    },
    answer: `${a + b}${tail}`,
  };
};

/** "Of eight, three, nineteen, twelve: the largest, then the smallest" — two numbers, in order. */
const largestThenSmallest: Template = (rand) => {
  const pool = Array.from({ length: 20 }, (_, i) => i);
  const picked: number[] = [];
  for (let i = 0; i < 4; i++) picked.push(pool.splice(rand(pool.length), 1)[0] as number);
  const max = Math.max(...picked);
  const min = Math.min(...picked);
  return {
    question: {
      vi: `Trong các số ${picked.map((n) => numberWords(n).vi).join(', ')}: viết số lớn nhất rồi số nhỏ nhất, liền nhau, bằng chữ số.`,
      en: `Of ${picked.map((n) => numberWords(n).en).join(', ')}: write the largest then the smallest, together, in digits.`,
    },
    answer: `${max}${min}`,
  };
};

const TEMPLATES: readonly Template[] = [spelledDigits, sumThenDigit, largestThenSmallest];

export function createTextCaptcha(rand: RandomInt = randomInt): TextCaptcha {
  return (TEMPLATES[rand(TEMPLATES.length)] as Template)(rand);
}

/** The answer as compared: digits only (spaces, dots and dashes a person may type are dropped). */
export function normaliseTextAnswer(answer: string): string {
  return answer.replace(/[\s.\-–,]/g, '');
}
