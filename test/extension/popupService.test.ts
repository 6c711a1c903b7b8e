import { describe, expect, it } from 'vitest';
import { ConsentStore } from '../../extension/src/background/consentStore.js';
import type { HostApi } from '../../extension/src/background/pageOperations.js';
import { type InstallationCheck, PopupService } from '../../extension/src/background/popupService.js';
import { type DoctorResult, KysoError } from '../../lib/src/protocol/index.js';
import { memoryStorage } from './memoryStorage.js';

const REPORT: DoctorResult = {
  host: { version: '0.1.0', node: 'v20.20.0', nodeOk: true, platform: 'linux', arch: 'x64' },
  configPath: '/home/u/.config/kyso/config.json',
  modules: [{ path: '/usr/lib/libtoken.so', loaded: true, source: 'builtin' }],
  tokens: [],
  certificates: [],
  manifests: [],
  problems: [{ code: 'noToken' }],
};

function service(host: HostApi): PopupService {
  const area = memoryStorage();
  return new PopupService(host, new ConsentStore(area), area, '0.1.0');
}

describe('PopupService check', () => {
  it('asks the host for its doctor report and hands it over as it is', async () => {
    const calls: string[] = [];
    const host: HostApi = {
      ensureReady: async () => ({ version: '0.1.0', protocol: 1, modules: [] }),
      call: (async (method: string) => {
        calls.push(method);
        if (method === 'doctor') return REPORT;
        throw new Error(`unexpected ${method}`);
      }) as HostApi['call'],
    };
    const r = (await service(host).handle({ type: 'check' })) as InstallationCheck;
    expect(calls).toEqual(['doctor']);
    expect(r).toEqual({ type: 'check', report: REPORT, hostError: null });
  });

  it('says why when the host cannot be asked', async () => {
    const host: HostApi = {
      ensureReady: async () => {
        throw new KysoError('HOST_UNAVAILABLE', 'not installed', { reason: 'not-installed' });
      },
      call: (async () => {
        throw new KysoError('HOST_UNAVAILABLE', 'not installed', { reason: 'not-installed' });
      }) as HostApi['call'],
    };
    const r = (await service(host).handle({ type: 'check' })) as InstallationCheck;
    expect(r.report).toBeNull();
    expect(r.hostError).toMatchObject({ code: 'HOST_UNAVAILABLE', data: { reason: 'not-installed' } });
  });
});
