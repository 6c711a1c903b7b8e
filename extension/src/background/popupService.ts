/**
 * Answers the toolbar popup: host status and versions, tokens and certificates,
 * allowed sites (with revoke), language, and the installation check.
 */
import type {
  HelloResult,
  Lang,
  TokenCertificate,
  TokenInfo,
  WireError,
} from '../../../lib/src/protocol/index.js';
import type { ConsentEntry, ConsentStore, StorageArea } from './consentStore.js';
import { asKysoError } from './hostErrors.js';
import type { HostApi } from './pageOperations.js';

export type PopupRequest =
  | { type: 'overview' }
  | { type: 'revoke'; origin: string }
  | { type: 'setLang'; lang: Lang }
  | { type: 'check' };

export interface PopupOverview {
  type: 'overview';
  extension: string;
  lang: Lang;
  hello: HelloResult | null;
  hostError: WireError | null;
  tokens: TokenInfo[];
  certificates: TokenCertificate[];
  consents: ConsentEntry[];
}

export interface InstallationCheck {
  type: 'check';
  ok: boolean;
  steps: { name: 'host' | 'protocol' | 'modules' | 'tokens'; ok: boolean; detail: string }[];
}

const LANG_KEY = 'kyso.lang';

export async function readLang(area: StorageArea): Promise<Lang> {
  const v = (await area.get(LANG_KEY))[LANG_KEY];
  return v === 'en' ? 'en' : 'vi';
}

export class PopupService {
  constructor(
    private readonly host: HostApi,
    private readonly consent: ConsentStore,
    private readonly area: StorageArea,
    private readonly extensionVersion: string,
  ) {}

  async handle(req: PopupRequest): Promise<PopupOverview | InstallationCheck> {
    switch (req.type) {
      case 'revoke':
        if (typeof req.origin === 'string') await this.consent.revoke(req.origin);
        return this.overview();
      case 'setLang':
        await this.area.set({ [LANG_KEY]: req.lang === 'en' ? 'en' : 'vi' });
        return this.overview();
      case 'check':
        return this.check();
      default:
        return this.overview();
    }
  }

  private async overview(): Promise<PopupOverview> {
    const base = {
      type: 'overview' as const,
      extension: this.extensionVersion,
      lang: await readLang(this.area),
      consents: await this.consent.list(),
    };
    try {
      const hello = await this.host.ensureReady();
      const tokens = (await this.host.call('listTokens')).tokens;
      const certificates = tokens.length > 0 ? (await this.host.call('listCertificates')).certificates : [];
      return { ...base, hello, hostError: null, tokens, certificates };
    } catch (e) {
      return { ...base, hello: null, hostError: asKysoError(e).toWire(), tokens: [], certificates: [] };
    }
  }

  private async check(): Promise<InstallationCheck> {
    const steps: InstallationCheck['steps'] = [];
    let hello: HelloResult;
    try {
      hello = await this.host.ensureReady();
      steps.push({ name: 'host', ok: true, detail: `kyso-host ${hello.version}` });
      steps.push({ name: 'protocol', ok: true, detail: `v${hello.protocol}` });
    } catch (e) {
      const err = asKysoError(e);
      steps.push({ name: 'host', ok: false, detail: `${err.code}: ${err.message}` });
      return { type: 'check', ok: false, steps };
    }
    const loaded = hello.modules.filter((m) => m.loaded);
    steps.push({
      name: 'modules',
      ok: loaded.length > 0,
      detail: hello.modules
        .map((m) => `${m.path}: ${m.loaded ? 'OK' : (m.error ?? 'not loaded')}`)
        .join('\n'),
    });
    try {
      const tokens = (await this.host.call('listTokens')).tokens;
      steps.push({ name: 'tokens', ok: tokens.length > 0, detail: tokens.map((t) => t.label).join(', ') });
    } catch (e) {
      const err = asKysoError(e);
      steps.push({ name: 'tokens', ok: false, detail: `${err.code}: ${err.message}` });
    }
    return { type: 'check', ok: steps.every((s) => s.ok), steps };
  }
}
