/**
 * Answers the toolbar popup: host status and versions, tokens and certificates,
 * allowed sites (with revoke), language, and the installation check.
 */
import type {
  DoctorResult,
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

/** "Check installation": the host's doctor report, or why the host could not be asked. */
export interface InstallationCheck {
  type: 'check';
  report: DoctorResult | null;
  hostError: WireError | null;
}

/** The doctor reads every token and certificate: give it longer than a plain call. */
const DOCTOR_TIMEOUT_MS = 60_000;

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
    try {
      const report = await this.host.call('doctor', undefined, { timeoutMs: DOCTOR_TIMEOUT_MS });
      return { type: 'check', report, hostError: null };
    } catch (e) {
      return { type: 'check', report: null, hostError: asKysoError(e).toWire() };
    }
  }
}
