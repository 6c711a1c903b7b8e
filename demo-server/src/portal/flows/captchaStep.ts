/** Captcha handling shared by the registration and login flows: a fresh challenge per submission. */
import { CAPTCHA_TEST_ANSWER } from '../config.js';
import type { PortalContext } from '../portalContext.js';
import { captchaDigest, captchaMatches, createCaptcha } from '../security/captcha.js';

export interface CaptchaData {
  captchaDigest?: string;
  captchaSvg?: string;
}

/** Puts a new challenge into the flow data (the old one stops working). */
export function refreshCaptcha(ctx: PortalContext, flowId: string, data: CaptchaData): void {
  const c = createCaptcha();
  data.captchaDigest = captchaDigest(ctx.config.pepper, flowId, c.answer);
  data.captchaSvg = c.svg;
}

/**
 * Checks the answer against the flow's current challenge and replaces the challenge (single use).
 * With `captchaTestBypass` on (tests only), `CAPTCHA_TEST_ANSWER` is accepted too.
 */
export function consumeCaptcha(
  ctx: PortalContext,
  flowId: string,
  data: CaptchaData,
  answer: unknown,
): boolean {
  const given = typeof answer === 'string' ? answer : '';
  const stored = data.captchaDigest;
  const ok =
    (ctx.config.captchaTestBypass && given.trim().toLowerCase() === CAPTCHA_TEST_ANSWER) ||
    (stored !== undefined && given !== '' && captchaMatches(ctx.config.pepper, flowId, stored, given));
  refreshCaptcha(ctx, flowId, data);
  return ok;
}
