/**
 * Builds what the browsers load: the extension for one target (into a
 * temporary folder, so parallel runs do not clash) and the page SDK as an IIFE
 * exposing `window.KysoSdk`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function buildExtension(target: 'chrome' | 'firefox', outDir?: string): Promise<string> {
  const out = outDir ?? mkdtempSync(join(tmpdir(), `kyso-ext-${target}-`));
  const previous = process.env.TARGET;
  process.env.TARGET = target;
  try {
    await build({
      root: REPO_ROOT,
      configFile: join(REPO_ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: out, emptyOutDir: true },
    });
  } finally {
    if (previous === undefined) delete process.env.TARGET;
    else process.env.TARGET = previous;
  }
  return out;
}

/** Bundles lib/src/sdk into `<dir>/kyso-sdk.js` (global `KysoSdk`). */
export async function buildSdk(dir: string): Promise<string> {
  await build({
    root: REPO_ROOT,
    configFile: false,
    logLevel: 'error',
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      target: 'es2022',
      lib: {
        entry: join(REPO_ROOT, 'lib/src/sdk/index.ts'),
        name: 'KysoSdk',
        formats: ['iife'],
        fileName: () => 'kyso-sdk.js',
      },
    },
  });
  return join(dir, 'kyso-sdk.js');
}
