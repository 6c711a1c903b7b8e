/** Both portals' sheets carry the shared focus ring and reflow rules, and define the colours those rules use. */
import { describe, expect, it } from 'vitest';
import { MINISTRY_CSS } from '../../src/ministry/web/ministryStyles.js';
import { PORTAL_CSS } from '../../src/portal/web/portalStyles.js';
import { FOCUS_CSS, REFLOW_CSS } from '../../src/web/pageCss.js';

const rootOf = (css: string) => /:root\{([^}]*)\}/.exec(css)?.[1] ?? '';

describe.each([
  ['portal', PORTAL_CSS],
  ['ministry', MINISTRY_CSS],
])('the %s style sheet', (_name, css) => {
  it('has the focus ring and the small-screen reflow', () => {
    expect(css).toContain(FOCUS_CSS);
    expect(css).toContain(REFLOW_CSS);
  });

  it('defines the two colours of the focus ring', () => {
    expect(rootOf(css)).toMatch(/--text:#[0-9a-f]{6}/);
    expect(rootOf(css)).toMatch(/--focus:(#[0-9a-f]{6}|var\(--gold\))/);
  });

  it('shrinks its emblem on small screens', () => {
    expect(css).toMatch(/@media \(max-width:600px\)\{\.(emblem|badge)\{width:40px;height:40px/);
  });
});

it('the focus ring uses the colours each sheet defines', () => {
  expect(FOCUS_CSS).toContain('outline:3px solid var(--text)');
  expect(FOCUS_CSS).toContain('box-shadow:0 0 0 2px var(--focus)');
});
