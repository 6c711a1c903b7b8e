/**
 * Browser scripts of the demo portals, bundled from TypeScript with esbuild on first request and kept in
 * memory. Each portal makes its own set (`createClientBundles`) naming the scripts it serves; the USB ký số
 * and dossier-signing pages bundle the page SDK of `@kyso/lib` with their small page scripts.
 */
import { build } from 'esbuild';

export interface ClientBundles<Name extends string> {
  /** True when `name` is one of this set's scripts (guards the `/static/:name` route). */
  has(name: string): name is Name;
  /** The bundled script (built once per process; a failed build is retried on the next request). */
  get(name: Name): Promise<string>;
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.text;
}

/** `scripts` maps each served file name to the absolute path of its TypeScript entry. */
export function createClientBundles<Name extends string>(
  scripts: Readonly<Record<Name, string>>,
): ClientBundles<Name> {
  const cache = new Map<Name, Promise<string>>();
  return {
    has: (name: string): name is Name => Object.hasOwn(scripts, name),
    get(name: Name) {
      let p = cache.get(name);
      if (!p) {
        p = bundle(scripts[name]);
        cache.set(name, p);
        p.catch(() => cache.delete(name));
      }
      return p;
    },
  };
}
