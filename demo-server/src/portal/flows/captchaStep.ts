/**
 * Captcha handling shared by the registration and login flows: a fresh challenge per submission. Each
 * challenge has two forms, either of which answers it: the distorted picture, and a question in words for
 * screen-reader and braille users (security/textCaptcha.ts, where the trade-off is explained).
 */
import { CAPTCHA_TEST_ANSWER } from '../config.js';
import type { PortalContext } from '../portalContext.js';
import { type CaptchaChallenge, captchaDigest, captchaMatches, createCaptcha } from '../security/captcha.js';
import { digestMatches, secretDigest } from '../security/secretDigest.js';
import { createTextCaptcha, normaliseTextAnswer, type TextCaptcha } from '../security/textCaptcha.js';

export interface CaptchaData {
  captchaDigest?: string;
  captchaSvg?: string;
  /** Keyed digest of the text question's answer. */
  captchaTextDigest?: string;
  /** The text question, in both languages (the page shows the request's). */
  captchaQuestion?: { vi: string; en: string };
  /**
   * Digests of the flow's last challenges (both forms), taken or replaced: a new challenge never has one of
   * these answers, so an answer once given cannot pass again in this flow — e.g. a parallel submission of a
   * spent answer meeting the next question by chance (a sum-then-digit question has ~150 answers).
   */
  captchaSpent?: string[];
}

/** How many spent digests a flow remembers (8 challenges in both forms). */
export const CAPTCHA_SPENT_KEPT = 16;

/** Draws a new challenge (tests pass their own). */
export interface CaptchaDraw {
  picture(): CaptchaChallenge;
  text(): TextCaptcha;
}

const RANDOM_DRAW: CaptchaDraw = { picture: () => createCaptcha(), text: () => createTextCaptcha() };

/**
 * Draws per form at most: a form whose draws all had spent answers is left out of the challenge (the other
 * form still answers it). With random draws it does not happen: each draw repeats a given answer with a
 * chance between 1/100,000 and about 1/50.
 */
const MAX_DRAWS = 32;

/** Moves the current challenge's digests to the spent list (the newest last, at most CAPTCHA_SPENT_KEPT). */
function spend(data: CaptchaData): void {
  const now = [data.captchaDigest, data.captchaTextDigest].filter((d): d is string => d !== undefined);
  if (now.length === 0) return;
  const kept = (data.captchaSpent ?? []).filter((d) => !now.includes(d));
  data.captchaSpent = [...kept, ...now].slice(-CAPTCHA_SPENT_KEPT);
}

function textDigest(pepper: string, flowId: string, answer: string): string {
  return secretDigest(pepper, 'captcha-text', flowId, normaliseTextAnswer(answer));
}

/**
 * Puts a new challenge into the flow data (the old one stops working, in both forms, and is spent); neither
 * form has an answer spent in this flow.
 */
export function refreshCaptcha(
  ctx: PortalContext,
  flowId: string,
  data: CaptchaData,
  draw: CaptchaDraw = RANDOM_DRAW,
): void {
  spend(data);
  clearCaptcha(data);
  const spent = new Set(data.captchaSpent ?? []);
  const { pepper } = ctx.config;
  for (let i = 0; i < MAX_DRAWS; i++) {
    const c = draw.picture();
    const digest = captchaDigest(pepper, flowId, c.answer);
    if (spent.has(digest)) continue;
    data.captchaDigest = digest;
    data.captchaSvg = c.svg;
    break;
  }
  for (let i = 0; i < MAX_DRAWS; i++) {
    const q = draw.text();
    const digest = textDigest(pepper, flowId, q.answer);
    if (spent.has(digest)) continue;
    data.captchaTextDigest = digest;
    data.captchaQuestion = q.question;
    break;
  }
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
  spend(data);
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
