/**
 * One source, two builds: `vite build` → dist/chrome, `TARGET=firefox vite build` → dist/firefox.
 * Firefox gets background.scripts, its gecko id and no `key` (toolchain recipes §3).
 */
import { fileURLToPath } from 'node:url';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import extensionKey from './extension/extensionKey.json' with { type: 'json' };
import baseManifest from './manifest.json' with { type: 'json' };

type Target = 'chrome' | 'firefox';
const target: Target = process.env.TARGET === 'firefox' ? 'firefox' : 'chrome';

export function manifestFor(t: Target): ManifestV3Export {
  const m = structuredClone(baseManifest) as Record<string, unknown> & {
    background: { service_worker: string; type?: string };
  };
  if (t === 'firefox') {
    delete m.key;
    m.background = { scripts: [m.background.service_worker], type: 'module' } as never;
    m.browser_specific_settings = {
      gecko: {
        id: extensionKey.firefoxId,
        strict_min_version: '142.0',
        data_collection_permissions: { required: ['none'] },
      },
    };
  }
  return m as unknown as ManifestV3Export;
}

export default defineConfig({
  publicDir: 'extension/public',
  resolve: {
    alias: [
      {
        find: /^@kyso\/lib\/(.*)$/,
        replacement: fileURLToPath(new URL('./lib/src/$1/index.ts', import.meta.url)),
      },
    ],
  },
  plugins: [
    preact(),
    crx({
      manifest: manifestFor(target),
      browser: target,
      contentScripts: { standaloneFiles: ['extension/src/content/contentScript.ts'] },
    }),
  ],
  build: {
    outDir: `dist/${target}`,
    emptyOutDir: true,
    target: 'es2022',
    // Firefox add-on review reads the code: keep that build unminified.
    minify: target === 'chrome',
    rollupOptions: { input: { prompt: 'extension/src/windows/prompt.html' } },
  },
});
