/**
 * The accessibility and language audit of one page as a citizen sees it, in a real browser (playwright-core):
 * axe-core's WCAG 2.1 A/AA rules (violations of impact serious or critical), `<html lang>` against the
 * language the page was asked in (axe only checks that it is there and valid), exactly one `<h1>`, a label
 * for every form control (stricter than axe's `label`: a placeholder or title alone does not count), the autocomplete purpose and keypad of identity fields (OTP, username, passwords, CCCD,
 * phone, e-mail), live regions on waiting pages and for errors, a visible focus indicator on every focusable
 * element, no horizontal scroll at 320 CSS px (WCAG 1.4.10 reflow) and, on English pages, no Vietnamese
 * interface text left from the message tables (text deliberately kept in Vietnamese must be marked
 * `lang="vi"`, WCAG 3.1.2).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export type AuditLang = 'vi' | 'en';

/** One thing wrong on one page. */
export interface AuditFinding {
  /** What was audited, e.g. "portal / (en)". */
  page: string;
  /**
   * axe rule id (e.g. document-title, label), or one of the audit's own checks: html-lang, one-h1,
   * control-label, identity-field, live-region, focus-visible, reflow-320, leftover-vi.
   */
  rule: string;
  /** CSS selector(s) of the offending element(s) or a short description. */
  target: string;
  detail: string;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 900 };
/** Interface texts at least this long are also found inside a longer text node. */
const LONG_TEXT = 24;
const NARROW = { width: 320, height: 640 };

/**
 * The Vietnamese side of every `{ vi, en }` pair found (at any depth) in `tables`, keeping only texts an
 * English page must not show: those with Vietnamese letters, longer than 3 characters, differing from their
 * English side and not part of any English text of the tables (proper names such as "Ban Cơ yếu Chính phủ"
 * are quoted in English texts, and the language switch reads "Tiếng Việt" on English pages).
 */
export function vietnameseInterfaceTexts(tables: readonly unknown[]): string[] {
  const pairs: { vi: string; en: string }[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if (typeof o.vi === 'string' && typeof o.en === 'string') pairs.push({ vi: o.vi, en: o.en });
    for (const child of Object.values(o)) walk(child);
  };
  for (const t of tables) walk(t);
  const english = pairs.map((p) => p.en);
  const vietnameseLetter = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
  const texts = new Set<string>();
  for (const p of pairs) {
    const vi = p.vi.trim();
    if (vi.length <= 3 || vi === p.en.trim() || !vietnameseLetter.test(vi)) continue;
    if (english.some((en) => en.includes(vi))) continue;
    texts.add(vi);
  }
  return [...texts];
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's violations of the rules with these tags on the page (axe injected first if need be). */
async function axeViolations(page: Page, tags: readonly string[]): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  return (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(tags)} }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  )) as AxeViolation[];
}

const targets = (v: AxeViolation) => v.nodes.map((n) => n.target.join(' ')).join(', ');

interface PageFacts {
  lang: string;
  h1: number;
  unlabelled: string[];
  noFocusStyle: string[];
  fields: { name: string; type: string; autocomplete: string; inputmode: string }[];
  waiting: boolean;
  liveRegion: boolean;
  showsErrors: boolean;
  errorAnnounced: boolean;
  /** The page's visible text nodes and text attributes outside elements marked `lang="vi"`. */
  englishTexts: string[];
}

/** What the browser reports about the page (run in the page). */
const PAGE_FACTS = `(() => {
  const describe = (el) => {
    const id = el.id ? '#' + el.id : '';
    const name = el.getAttribute('name') ? '[name="' + el.getAttribute('name') + '"]' : '';
    const cls = !id && !name && el.classList.length ? '.' + [...el.classList].join('.') : '';
    const text = !id && !name ? ' "' + (el.textContent || '').trim().slice(0, 30) + '"' : '';
    return el.tagName.toLowerCase() + id + name + cls + text;
  };
  const visible = (el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0;
  };
  const controls = [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden');
  const unlabelled = controls.filter((el) => {
    if (el.getAttribute('aria-label')?.trim()) return false;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some((id) => document.getElementById(id)?.textContent?.trim())) return false;
    return ![...(el.labels || [])].some((l) => l.textContent.trim());
  }).map(describe);
  const focusables = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter((el) => el.type !== 'hidden' && !el.disabled && el.tabIndex >= 0);
  const noFocusStyle = [];
  const before = document.activeElement;
  for (const el of focusables) {
    el.focus({ preventScroll: true });
    if (document.activeElement !== el || !visible(el)) continue;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    if (!outline && !shadow) noFocusStyle.push(describe(el));
  }
  if (before && before !== document.body && before.focus) before.focus({ preventScroll: true });
  else if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  // The page's text outside any element marked as Vietnamese (lang="vi"), script and style excluded.
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!p || p.closest('script, style, template, noscript, :not(html)[lang|="vi"]')) continue;
    if (!visible(p)) continue;
    parts.push(n.textContent);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (el.closest(':not(html)[lang|="vi"]')) continue;
    for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (el.getAttribute(a)) parts.push(el.getAttribute(a));
  }
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) if (!el.closest(':not(html)[lang|="vi"]')) parts.push(el.value);
  return {
    lang: document.documentElement.getAttribute('lang') || '',
    h1: document.querySelectorAll('h1').length,
    // A page that waits for news announces it; a page showing errors announces them.
    waiting: Boolean(document.querySelector('[data-watch], form[data-poll-url]')),
    liveRegion: Boolean(document.querySelector('[role="status"], [role="alert"], [aria-live="polite"], [aria-live="assertive"]')),
    showsErrors: Boolean(document.querySelector('[aria-invalid="true"], .msg.error, .ferr, .notice.err')),
    errorAnnounced: Boolean(document.querySelector('[role="alert"], [aria-live="assertive"]')),
    fields: controls.filter((el) => el.tagName === 'INPUT').map((el) => ({
      name: el.name || '',
      type: el.type || '',
      autocomplete: el.getAttribute('autocomplete') || '',
      inputmode: el.getAttribute('inputmode') || '',
    })),
    unlabelled,
    noFocusStyle,
    englishTexts: parts.map((p) => p.replace(/\\s+/g, ' ').trim()).filter(Boolean),
  };
})()`;

/**
 * What identity fields must say to browsers, password managers and on-screen keyboards (WCAG 1.3.5 identify
 * input purpose; a numeric keypad for numbers), by the field's name on the portals' forms.
 */
const IDENTITY_FIELDS: Readonly<
  Record<string, { autocomplete?: readonly string[]; keypad?: 'numeric' | 'tel' }>
> = {
  otp: { autocomplete: ['one-time-code'], keypad: 'numeric' },
  username: { autocomplete: ['username'] },
  password: { autocomplete: ['current-password', 'new-password'] },
  passwordConfirm: { autocomplete: ['new-password'] },
  idNumber: { keypad: 'numeric' },
  soDinhDanh: { keypad: 'numeric' },
  bhxhCode: { keypad: 'numeric' },
  phone: { keypad: 'tel' },
  soDienThoai: { keypad: 'tel' },
  email: { autocomplete: ['email'] },
  thuDienTu: { autocomplete: ['email'] },
};

function identityFieldProblems(field: PageFacts['fields'][number]): string[] {
  const rule = IDENTITY_FIELDS[field.name];
  if (!rule) return [];
  const problems: string[] = [];
  if (rule.autocomplete && !rule.autocomplete.includes(field.autocomplete))
    problems.push(`autocomplete="${field.autocomplete}", expected ${rule.autocomplete.join(' or ')}`);
  const keypad =
    rule.keypad === 'tel'
      ? field.type === 'tel' || field.inputmode === 'tel' || field.inputmode === 'numeric'
      : rule.keypad === 'numeric'
        ? field.inputmode === 'numeric'
        : true;
  if (!keypad)
    problems.push(`inputmode="${field.inputmode}" type="${field.type}", expected a ${rule.keypad} keypad`);
  return problems;
}

export interface AuditOptions {
  /** Vietnamese interface texts an English page must not show (see `vietnameseInterfaceTexts`). */
  vietnameseTexts: readonly string[];
  /**
   * Pages made for both languages at once (the simulators' pages: Vietnamese with English beside it,
   * `lang="vi"` on the page, English parts marked `lang="en"`): the leftover check is not applied.
   */
  bilingual?: boolean;
}

/** Audits the page as it is now; the viewport is narrowed for the reflow check and restored. */
export async function auditPage(
  page: Page,
  label: string,
  lang: AuditLang,
  options: AuditOptions,
): Promise<AuditFinding[]> {
  const where = `${label} (${options.bilingual ? 'vi+en' : lang})`;
  const findings: AuditFinding[] = [];
  const add = (rule: string, target: string, detail: string) =>
    findings.push({ page: where, rule, target, detail });

  await page.setViewportSize(DESKTOP);
  const severe = (v: AxeViolation) => v.impact === 'serious' || v.impact === 'critical';
  for (const v of await axeViolations(page, AXE_TAGS))
    if (severe(v)) add(v.id, targets(v), `${v.impact}: ${v.help}`);
  // KYSO_A11Y_REPORT=1: also print (never fail on) the moderate and minor violations and axe's best practices.
  if (process.env.KYSO_A11Y_REPORT === '1') {
    console.log(`[a11y audited] ${where}`);
    for (const v of await axeViolations(page, [...AXE_TAGS, 'best-practice']))
      if (!severe(v))
        console.log(`[a11y report] ${where} — ${v.id} — ${targets(v)} — ${v.impact}: ${v.help}`);
  }

  // A key press first, so that the browser's focus-visible heuristics treat the focus as a keyboard user's.
  await page.keyboard.press('Shift');
  const facts = (await page.evaluate(PAGE_FACTS)) as PageFacts;
  if (facts.lang !== lang) add('html-lang', 'html', `lang="${facts.lang}", expected "${lang}"`);
  if (facts.h1 !== 1) add('one-h1', 'h1', `${facts.h1} <h1> elements, expected exactly one`);
  for (const c of facts.unlabelled) add('control-label', c, 'form control without a label');
  if (facts.waiting && !facts.liveRegion)
    add('live-region', 'body', 'a waiting page without a live region (role="status") to announce its news');
  if (facts.showsErrors && !facts.errorAnnounced)
    add('live-region', 'body', 'errors shown without role="alert" (not announced to screen readers)');
  for (const f of facts.fields)
    for (const problem of identityFieldProblems(f)) add('identity-field', `input[name="${f.name}"]`, problem);
  for (const c of facts.noFocusStyle)
    add('focus-visible', c, 'no outline (≥ 2px) or box-shadow when focused');
  if (lang === 'en' && !options.bilingual) {
    // A text node that is an interface text, or holds a long one (a message with a value around it). Short
    // texts only count whole, so that data typed by the citizen ("Đăng ký thường trú, ký bằng SIM") is not
    // taken for interface text.
    for (const vi of options.vietnameseTexts) {
      const node = facts.englishTexts.find((x) => x === vi || (vi.length >= LONG_TEXT && x.includes(vi)));
      if (node === undefined) continue;
      add(
        'leftover-vi',
        'body',
        `Vietnamese interface text on the English page: "${vi}" in "${node.slice(0, 160)}"`,
      );
    }
  }

  await page.setViewportSize(NARROW);
  const overflow = (await page.evaluate(
    `(() => { const d = document.documentElement; const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > d.clientWidth + 1 && getComputedStyle(el).position !== 'absolute').slice(0, 3).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')); return { scroll: d.scrollWidth, client: d.clientWidth, wide }; })()`,
  )) as { scroll: number; client: number; wide: string[] };
  if (overflow.scroll > overflow.client + 1)
    add(
      'reflow-320',
      overflow.wide.join(', ') || 'html',
      `page is ${overflow.scroll}px wide at a ${overflow.client}px viewport (horizontal scroll)`,
    );
  await page.setViewportSize(DESKTOP);
  return findings;
}

/** One line per finding: page, rule id, target, detail. */
export function formatFindings(findings: readonly AuditFinding[]): string {
  return findings.map((f) => `${f.page} — ${f.rule} — ${f.target} — ${f.detail}`).join('\n');
}
