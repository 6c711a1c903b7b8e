/**
 * Browser scripts of the portal, bundled from TypeScript with esbuild on first request and kept in memory
 * (the USB ký số step bundles the page SDK of `@kyso/lib` with its small page script).
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Source of each served script (same path from src/ and from dist/: both sit two levels under demo-server/). */
const SCRIPTS = {
  'kyso-usb.js': fileURLToPath(new URL('../../../src/portal/web/client/usbRegistration.ts', import.meta.url)),
} as const;

export type ClientScript = keyof typeof SCRIPTS;

const cache = new Map<ClientScript, Promise<string>>();

export function isClientScript(name: string): name is ClientScript {
  return Object.hasOwn(SCRIPTS, name);
}

async function bundle(name: ClientScript): Promise<string> {
  const result = await build({
    entryPoints: [SCRIPTS[name]],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${name}`);
  return file.text;
}

/** The bundled script (built once per process; a failed build is retried on the next request). */
export function clientScript(name: ClientScript): Promise<string> {
  let p = cache.get(name);
  if (!p) {
    p = bundle(name);
    cache.set(name, p);
    p.catch(() => cache.delete(name));
  }
  return p;
}
