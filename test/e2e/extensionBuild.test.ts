/**
 * The two builds from one source: manifests per browser, a content script
 * within its 5 KB budget, a background that does not load the certificate
 * parser's pkijs, and `web-ext lint` at 0 errors with only the known preact
 * innerHTML warning.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import extensionKey from '../../extension/extensionKey.json' with { type: 'json' };
import { buildExtension, REPO_ROOT } from './support/e2eBuild.js';

type Manifest = Record<string, unknown> & {
  background: { service_worker?: string; scripts?: string[] };
  content_scripts: { js: string[]; matches: string[]; all_frames?: boolean }[];
  browser_specific_settings?: { gecko: { id: string; strict_min_version: string } };
};

let chrome: string;
let firefox: string;
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

beforeAll(async () => {
  chrome = await buildExtension('chrome');
  firefox = await buildExtension('firefox');
}, 120_000);

afterAll(() => {
  for (const d of [chrome, firefox]) if (d) rmSync(d, { recursive: true, force: true });
});

/** Every file the background script loads: its entry and the static imports, transitively. */
function backgroundFiles(dir: string): string[] {
  const m = manifest(dir);
  const entry = m.background.service_worker ?? m.background.scripts?.[0];
  if (!entry) throw new Error('no background entry in the manifest');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    for (const [, spec] of code.matchAll(/(?:import|export)\s*(?:[^'";]*?\bfrom\s*)?["']([^"']+)["']/g)) {
      if (!spec!.startsWith('.') && !spec!.startsWith('/')) continue;
      const target = spec!.startsWith('/') ? spec!.slice(1) : join(dirname(file), spec!);
      visit(relative('.', target));
    }
  };
  visit(entry);
  return [...seen];
}

describe('extension builds', () => {
  it('Chromium: service worker and the key that fixes the id the host manifest allows', () => {
    const m = manifest(chrome);
    expect(m.manifest_version).toBe(3);
    expect(m.key).toBe(extensionKey.key);
    expect(m.background.service_worker).toBeDefined();
    expect(m.permissions).toEqual(['nativeMessaging', 'storage']);
    expect(m.default_locale).toBe('vi');
  });

  it('Firefox: background scripts, gecko id, strict_min_version 142, no key', () => {
    const m = manifest(firefox);
    expect(m.key).toBeUndefined();
    expect(m.background.scripts?.length).toBe(1);
    expect(m.browser_specific_settings?.gecko).toMatchObject({
      id: extensionKey.firefoxId,
      strict_min_version: '142.0',
    });
  });

  it('the content script runs in every frame of http(s) pages and stays within 5 KB', () => {
    for (const dir of [chrome, firefox]) {
      const [cs] = manifest(dir).content_scripts;
      expect(cs!.all_frames).toBe(true);
      expect(cs!.matches).toEqual(['https://*/*', 'http://*/*']);
      const size = statSync(join(dir, cs!.js[0]!)).size;
      expect(size).toBeLessThanOrEqual(5 * 1024);
    }
  });

  it('the background loads no pkijs (certificate validity comes from the DER walker) and stays small (80 KB minified, 160 KB unminified for Firefox)', () => {
    for (const [dir, budget] of [
      [chrome, 80 * 1024],
      [firefox, 160 * 1024],
    ] as const) {
      const files = backgroundFiles(dir);
      expect(files.length).toBeGreaterThan(1);
      const code = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
      // A pkijs class name that survives minification (pkijs comes with the parser's toPkijs path).
      expect(code).not.toContain('CertificateRevocationList');
      expect(files.reduce((n, f) => n + statSync(join(dir, f)).size, 0)).toBeLessThanOrEqual(budget);
    }
  });

  it('no extension script carries pkijs (the windows read certificates with the DER walker too)', () => {
    for (const dir of [chrome, firefox]) {
      const scripts = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js'));
      expect(scripts.length).toBeGreaterThan(2);
      for (const f of scripts)
        expect(readFileSync(join(dir, 'assets', f), 'utf8'), f).not.toContain('CertificateRevocationList');
    }
  });

  it('both locales carry every UI string', () => {
    const vi = JSON.parse(readFileSync(join(chrome, '_locales/vi/messages.json'), 'utf8')) as object;
    const en = JSON.parse(readFileSync(join(chrome, '_locales/en/messages.json'), 'utf8')) as object;
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('web-ext lint: 0 errors, no warnings but the known preact innerHTML one', () => {
    let out: string;
    try {
      out = execFileSync(
        join(REPO_ROOT, 'node_modules/.bin/web-ext'),
        ['lint', '--source-dir', firefox, '--no-config-discovery', '--output', 'json'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (e) {
      out = (e as { stdout?: string }).stdout ?? '';
    }
    const report = JSON.parse(out) as {
      summary: { errors: number };
      warnings: { code: string; file: string }[];
    };
    expect(report.summary.errors).toBe(0);
    expect(report.warnings.filter((w) => w.code !== 'UNSAFE_VAR_ASSIGNMENT')).toEqual([]);
  }, 60_000);
});
