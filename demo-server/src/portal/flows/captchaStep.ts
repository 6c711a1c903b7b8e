/**
 * Captcha handling shared by the registration and login flows: a fresh challenge per submission. Each
 * challenge has two forms, either of which answers it: the distorted picture, and a question in words for
 * screen-reader and braille users (security/textCaptcha.ts, where the trade-off is explained).
 */
import { CAPTCHA_TEST_ANSWER } from '../config.js';
import type { PortalContext } from '../portalContext.js';
import { captchaDigest, captchaMatches, createCaptcha } from '../security/captcha.js';
import { digestMatches, secretDigest } from '../security/secretDigest.js';
import { createTextCaptcha, normaliseTextAnswer } from '../security/textCaptcha.js';

export interface CaptchaData {
  captchaDigest?: string;
  captchaSvg?: string;
  /** Keyed digest of the text question's answer. */
  captchaTextDigest?: string;
  /** The text question, in both languages (the page shows the request's). */
  captchaQuestion?: { vi: string; en: string };
}

function textDigest(pepper: string, flowId: string, answer: string): string {
  return secretDigest(pepper, 'captcha-text', flowId, normaliseTextAnswer(answer));
}

/** Puts a new challenge into the flow data (the old one stops working, in both forms). */
export function refreshCaptcha(ctx: PortalContext, flowId: string, data: CaptchaData): void {
  const c = createCaptcha();
  data.captchaDigest = captchaDigest(ctx.config.pepper, flowId, c.answer);
  data.captchaSvg = c.svg;
  const q = createTextCaptcha();
  data.captchaTextDigest = textDigest(ctx.config.pepper, flowId, q.answer);
  data.captchaQuestion = q.question;
}

/** Drops the challenge once the step that needed it is done. */
export function clearCaptcha(data: CaptchaData): void {
  delete data.captchaDigest;
  delete data.captchaSvg;
  delete data.captchaTextDigest;
  delete data.captchaQuestion;
}

/**
 * Checks the answer against the flow's current challenge — the picture's characters or the text
 * question's digits — and removes the challenge (single use, in both forms). The caller puts a new one
 * (`refreshCaptcha`) when the step is shown again; a step that moves on needs none, which spares drawing a
 * picture on every successful login. With `captchaTestBypass` on (tests only), `CAPTCHA_TEST_ANSWER` is
 * accepted too.
 */
export function takeCaptcha(ctx: PortalContext, flowId: string, data: CaptchaData, answer: unknown): boolean {
  const given = typeof answer === 'string' ? answer.slice(0, 64) : '';
  const stored = data.captchaDigest;
  const storedText = data.captchaTextDigest;
  const ok =
    (ctx.config.captchaTestBypass && given.trim().toLowerCase() === CAPTCHA_TEST_ANSWER) ||
    (given !== '' &&
      ((stored !== undefined && captchaMatches(ctx.config.pepper, flowId, stored, given)) ||
        (storedText !== undefined &&
          normaliseTextAnswer(given) !== '' &&
          digestMatches(storedText, textDigest(ctx.config.pepper, flowId, given)))));
  clearCaptcha(data);
  return ok;
}

/** `takeCaptcha`, and a new challenge in its place at once (for steps that may be shown again). */
export function consumeCaptcha(
  ctx: PortalContext,
  flowId: string,
  data: CaptchaData,
  answer: unknown,
): boolean {
  const ok = takeCaptcha(ctx, flowId, data, answer);
  refreshCaptcha(ctx, flowId, data);
  return ok;
}
