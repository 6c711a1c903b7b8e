/**
 * What the host loads before it can answer its first frame: the built entry's static imports,
 * followed through the host's own files and lib's. The certificate parser (pkijs) and the
 * install/doctor commands are imported only when a request or a command needs them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureHostBuilt, REPO_ROOT } from './support/hostBuild.js';

/** `@kyso/lib` and `@kyso/lib/<part>` as lib's package exports map them (`dist/<part>/index.js`). */
const libFile = (spec: string) => {
  const part = spec.slice('@kyso/lib'.length).replace(/^\//, '');
  return join(REPO_ROOT, 'lib', 'dist', part, 'index.js');
};

/** Files reached by static imports from `entry`, and the bare package names imported on the way. */
function staticGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    // Static `import … from '…'`, `import '…'` and `export … from '…'`; not `import('…')`.
    for (const [, spec] of code.matchAll(
      /^\s*(?:import|export)\s+(?:[^'"();]*?\s+from\s+)?['"]([^'"]+)['"]/gm,
    )) {
      if (spec!.startsWith('node:')) continue;
      if (spec!.startsWith('.')) visit(resolve(dirname(file), spec!));
      else if (spec!.startsWith('@kyso/lib')) visit(libFile(spec!));
      else packages.add(spec!.split('/')[0]!);
    }
  };
  visit(entry);
  return { files: [...files], packages };
}

describe('kyso-host start-up', () => {
  let graph: ReturnType<typeof staticGraph>;
  beforeAll(() => {
    ensureHostBuilt();
    graph = staticGraph(join(REPO_ROOT, 'native-host', 'dist', 'cli', 'main.js'));
  });

  it('loads neither pkijs nor the certificate parser, the doctor or the install commands', () => {
    expect(graph.files.length).toBeGreaterThan(5);
    expect([...graph.packages]).not.toContain('pkijs');
    expect([...graph.packages]).not.toContain('asn1js');
    // pkcs11js comes later too, with the first request that needs a token.
    expect([...graph.packages]).not.toContain('pkcs11js');
    const names = graph.files.map((f) => f.slice(REPO_ROOT.length));
    // The walk does reach the host loop, its methods and lib's protocol.
    for (const loaded of [
      'native-host/dist/messageLoop.js',
      'native-host/dist/hostMethods.js',
      'lib/dist/protocol/index.js',
    ])
      expect(names).toContain(loaded);
    for (const lazy of ['cert/parseCertificate.js', 'doctor/doctorReport.js', 'cli/commands.js', 'install/'])
      expect(names.filter((n) => n.includes(lazy))).toEqual([]);
  });
});
