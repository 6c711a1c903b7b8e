/**
 * A server-side captcha: six characters drawn as distorted SVG text with noise (no image library, no
 * external assets). Only a keyed digest of the answer is stored (in the flow); answers are checked
 * case-insensitively and ignoring spaces, as on the portal, and each challenge is single use.
 */
import { randomInt } from 'node:crypto';
import { digestMatches, secretDigest } from './secretDigest.js';

/** Letters and digits without look-alikes (0/o, 1/l/i, 5/s, 2/z). */
const ALPHABET = 'abcdefghjkmnpqrtuvwxy346789';
export const CAPTCHA_LENGTH = 6;

export interface CaptchaChallenge {
  answer: string;
  svg: string;
}

export type RandomInt = (maxExclusive: number) => number;

export function createCaptcha(rand: RandomInt = randomInt): CaptchaChallenge {
  let answer = '';
  for (let i = 0; i < CAPTCHA_LENGTH; i++) answer += ALPHABET[rand(ALPHABET.length)];
  const width = 180;
  const height = 56;
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) {
    const y1 = rand(height);
    const y2 = rand(height);
    parts.push(
      `<path d="M0 ${y1} C ${rand(width)} ${rand(height)}, ${rand(width)} ${rand(height)}, ${width} ${y2}" stroke="#${(0x556677 + rand(0x444444)).toString(16)}" stroke-width="${1 + rand(2)}" fill="none"/>`,
    );
  }
  [...answer].forEach((ch, i) => {
    const x = 14 + i * 27 + rand(6);
    const y = 36 + rand(10);
    const rot = rand(50) - 25;
    const size = 26 + rand(8);
    parts.push(
      `<text x="${x}" y="${y}" transform="rotate(${rot} ${x} ${y})" font-family="monospace" font-size="${size}" font-weight="bold" fill="#1f3b6e">${ch}</text>`,
    );
  });
  for (let i = 0; i < 40; i++)
    parts.push(`<circle cx="${rand(width)}" cy="${rand(height)}" r="1" fill="#8899aa"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"><rect width="100%" height="100%" fill="#eef3fa"/>${parts.join('')}</svg>`;
  return { answer, svg };
}

function normalise(answer: string): string {
  return answer.replace(/\s+/g, '').toLowerCase();
}

export function captchaDigest(pepper: string, flowId: string, answer: string): string {
  return secretDigest(pepper, 'captcha', flowId, normalise(answer));
}

export function captchaMatches(
  pepper: string,
  flowId: string,
  storedDigest: string,
  answer: string,
): boolean {
  return digestMatches(storedDigest, captchaDigest(pepper, flowId, answer));
}
