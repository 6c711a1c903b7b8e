import { describe, expect, it } from 'vitest';
import {
  CAPTCHA_LENGTH,
  captchaDigest,
  captchaMatches,
  createCaptcha,
} from '../../src/portal/security/captcha.js';

describe('captcha', () => {
  it('renders the answer as SVG text and matches case- and space-insensitively', () => {
    const c = createCaptcha();
    expect(c.answer).toMatch(new RegExp(`^[a-z0-9]{${CAPTCHA_LENGTH}}$`));
    expect(c.svg.startsWith('<svg')).toBe(true);
    expect([...c.answer].every((ch) => c.svg.includes(`>${ch}</text>`))).toBe(true);
    const d = captchaDigest('pepper-pepper-pepper', 'flow-1', c.answer);
    expect(captchaMatches('pepper-pepper-pepper', 'flow-1', d, ` ${c.answer.toUpperCase()} `)).toBe(true);
    expect(captchaMatches('pepper-pepper-pepper', 'flow-2', d, c.answer)).toBe(false);
    expect(captchaMatches('pepper-pepper-pepper', 'flow-1', d, `${c.answer}x`)).toBe(false);
  });
  it('the digest does not contain the answer', () => {
    const c = createCaptcha();
    expect(captchaDigest('pepper-pepper-pepper', 'f', c.answer)).not.toContain(c.answer);
  });
});
