import { describe, expect, it } from 'vitest';
import { VIETNAMESE_MIDDLEWARE } from '../src/pkcs11/knownMiddleware.js';
import { type DiscoveryContext, discoverModules, userConfigPath } from '../src/pkcs11/moduleDiscovery.js';

function ctx(over: Partial<DiscoveryContext> & { files?: Record<string, string> }): DiscoveryContext {
  const files = over.files ?? {};
  return {
    platform: 'linux',
    env: {},
    homeDir: '/home/an',
    exists: (p) => p in files,
    readText: (p) => files[p],
    ...over,
  };
}

describe('discoverModules', () => {
  it('orders env, config file, Vietnamese middleware, then OpenSC and SoftHSM, without duplicates', () => {
    const d = discoverModules(
      ctx({
        env: { KYSO_PKCS11_MODULES: '/a/env1.so:/a/env2.so' },
        files: {
          '/home/an/.config/kyso/host.json': JSON.stringify({ modules: ['/b/config.so', '/a/env1.so'] }),
          '/usr/lib/libcastle.so.1.0.0': '',
          '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so': '',
          '/usr/lib/softhsm/libsofthsm2.so': '',
        },
      }),
    );
    expect(d.candidates).toEqual([
      { path: '/a/env1.so', source: 'env' },
      { path: '/a/env2.so', source: 'env' },
      { path: '/b/config.so', source: 'config' },
      { path: '/usr/lib/libcastle.so.1.0.0', source: 'builtin', vendor: 'Feitian ePass2003 (generic)' },
      { path: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', source: 'generic', vendor: 'OpenSC' },
      { path: '/usr/lib/softhsm/libsofthsm2.so', source: 'generic', vendor: 'SoftHSM' },
    ]);
    expect(d.problems).toEqual([]);
  });

  it('keeps env and config modules even when the file is missing (the host reports them as failed)', () => {
    const d = discoverModules(ctx({ env: { KYSO_PKCS11_MODULES: '/missing.so', KYSO_PKCS11_BUILTIN: '0' } }));
    expect(d.candidates).toEqual([{ path: '/missing.so', source: 'env' }]);
  });

  it('turns the built-in table off with KYSO_PKCS11_BUILTIN=0 or builtinModules:false', () => {
    const files = { '/usr/lib/softhsm/libsofthsm2.so': '' };
    expect(discoverModules(ctx({ files, env: { KYSO_PKCS11_BUILTIN: '0' } })).candidates).toEqual([]);
    const withConfig = { ...files, '/home/an/.config/kyso/host.json': '{"builtinModules": false}' };
    expect(discoverModules(ctx({ files: withConfig })).candidates).toEqual([]);
    expect(discoverModules(ctx({ files })).candidates).toHaveLength(1);
  });

  it('reports a broken config file and carries on', () => {
    const d = discoverModules(
      ctx({ files: { '/home/an/.config/kyso/host.json': '{ nope', '/usr/lib/softhsm/libsofthsm2.so': '' } }),
    );
    expect(d.problems).toEqual(['config file /home/an/.config/kyso/host.json is not valid JSON']);
    expect(d.candidates.map((c) => c.vendor)).toEqual(['SoftHSM']);
    const wrongType = discoverModules(
      ctx({ files: { '/home/an/.config/kyso/host.json': '{"modules": "x.so"}' } }),
    );
    expect(wrongType.problems[0]).toMatch(/must be an array/);
  });

  it('finds Windows middleware in System32 (; separated env, case-insensitive duplicates)', () => {
    const sys = 'D:\\Win\\System32';
    const d = discoverModules(
      ctx({
        platform: 'win32',
        homeDir: 'C:\\Users\\an',
        env: {
          SystemRoot: 'D:\\Win',
          APPDATA: 'C:\\Users\\an\\AppData\\Roaming',
          KYSO_PKCS11_MODULES: `C:\\x.dll;${sys}\\VIETTEL-CA_V6.DLL`,
        },
        files: {
          [`${sys}\\vnptca_p11_v8.dll`]: '',
          [`${sys}\\viettel-ca_v6.dll`]: '',
          [`${sys}\\BkavCA.dll`]: '',
        },
      }),
    );
    expect(d.candidates.map((c) => [c.path, c.source, c.vendor])).toEqual([
      ['C:\\x.dll', 'env', undefined],
      [`${sys}\\VIETTEL-CA_V6.DLL`, 'env', undefined],
      [`${sys}\\vnptca_p11_v8.dll`, 'builtin', 'VNPT-CA'],
      [`${sys}\\BkavCA.dll`, 'builtin', 'BkavCA'],
    ]);
    expect(d.configPath).toBe('C:\\Users\\an\\AppData\\Roaming\\kyso\\host.json');
  });

  it('knows the config file place on each OS', () => {
    expect(userConfigPath({ platform: 'darwin', env: {}, homeDir: '/Users/an' })).toBe(
      '/Users/an/Library/Application Support/kyso/host.json',
    );
    expect(userConfigPath({ platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg' }, homeDir: '/home/an' })).toBe(
      '/cfg/kyso/host.json',
    );
  });

  it('has the Vietnamese middleware names from the vendors', () => {
    const windows = VIETNAMESE_MIDDLEWARE.flatMap((e) => e.windows);
    for (const name of [
      'vnptca_p11_v8.dll',
      'viettel-ca_v6.dll',
      'fptca_v3.dll',
      'fptca_v4.dll',
      'BkavCA.dll',
      'eps2003csp11.dll',
      'ShuttleCsp11_3003.dll',
      'CA2_csp11.dll',
      'ncca_csp11_v1.dll',
      'vina-ca_v5.dll',
    ])
      expect(windows).toContain(name);
  });
});
