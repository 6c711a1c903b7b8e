/**
 * Test kit: answers the text captcha's questions the way a person reading them would (and the way a program
 * written for this portal could — the trade-off documented in security/textCaptcha.ts).
 */
import { numberWords } from '../../src/portal/security/textCaptcha.js';

const WORDS: Record<'vi' | 'en', Map<string, number>> = {
  vi: new Map(Array.from({ length: 20 }, (_, n) => [numberWords(n).vi, n])),
  en: new Map(Array.from({ length: 20 }, (_, n) => [numberWords(n).en, n])),
};

function num(lang: 'vi' | 'en', word: string): number {
  const n = WORDS[lang].get(word.trim());
  if (n === undefined) throw new Error(`unknown number word "${word}"`);
  return n;
}

function list(lang: 'vi' | 'en', text: string): number[] {
  return text.split(',').map((w) => num(lang, w));
}

/** Answers a question the way a person reading it would. */
export function solve(lang: 'vi' | 'en', q: string): string {
  const patterns =
    lang === 'vi'
      ? {
          digits: /^Viết bằng chữ số dãy sau: (.+)\.$/,
          sum: /^Lấy (.+) cộng (.+), rồi viết kết quả và thêm chữ số (.+) vào cuối \(bằng chữ số\)\.$/,
          extremes: /^Trong các số (.+): viết số lớn nhất rồi số nhỏ nhất, liền nhau, bằng chữ số\.$/,
        }
      : {
          digits: /^Write as digits: (.+)\.$/,
          sum: /^Add (.+) and (.+), then write the result followed by the digit (.+) \(in digits\)\.$/,
          extremes: /^Of (.+): write the largest then the smallest, together, in digits\.$/,
        };
  let m = patterns.digits.exec(q);
  if (m) return list(lang, m[1] ?? '').join('');
  m = patterns.sum.exec(q);
  if (m) return `${num(lang, m[1] ?? '') + num(lang, m[2] ?? '')}${num(lang, m[3] ?? '')}`;
  m = patterns.extremes.exec(q);
  if (m) {
    const ns = list(lang, m[1] ?? '');
    return `${Math.max(...ns)}${Math.min(...ns)}`;
  }
  throw new Error(`unexpected question: ${q}`);
}
