/**
 * The page SDK: detect the extension, list certificates, sign digests (one or a
 * batch), build CMS/CAdES signatures with the token as signer, and log in with
 * an origin-bound `web-eid:1.0` token.
 */
import { signCms as buildCms, type PrepareCmsOptions, type SignerAlgorithm } from '../cms/signCms.js';
import { base64ToBytes, bytesToBase64 } from '../encoding/binaryInput.js';
import type { HashAlgorithm, KeyType, SignatureScheme } from '../protocol/hostMessages.js';
import {
  EXTENSION_PRESENCE_ATTRIBUTE,
  EXTENSION_READY_EVENT,
  type PageStatusResult,
} from '../protocol/pageMessages.js';
import { type BridgeCallOptions, PageBridge, type PageBridgeOptions } from './pageBridge.js';
import { sdkError } from './sdkErrors.js';

/** A digest as raw bytes or base64. */
export type DigestInput = Uint8Array | string;

export interface KysoCertificate {
  /** Base64 DER. */
  certificate: string;
  keyType: KeyType;
  keySize?: number;
  curve?: string;
}

export interface SignRequest {
  certificate: string;
  digest: DigestInput;
  hashAlgorithm: HashAlgorithm;
  scheme?: SignatureScheme;
  /** Shown to the user in the signing window. */
  description: string;
}

export interface SignResponse {
  /** Base64. PKCS#1 v1.5/PSS bytes for RSA, raw r‖s for ECDSA. */
  signature: string;
  hashAlgorithm: HashAlgorithm;
  scheme: SignatureScheme;
}

export interface BatchProgress {
  done: number;
  total: number;
}

export interface SignBatchRequest {
  certificate: string;
  hashAlgorithm: HashAlgorithm;
  scheme?: SignatureScheme;
  items: { digest: DigestInput; description: string }[];
  onProgress?: (progress: BatchProgress) => void;
}

export interface SignBatchResponse {
  signatures: string[];
  hashAlgorithm: HashAlgorithm;
  scheme: SignatureScheme;
}

export interface SignCmsRequest
  extends Omit<PrepareCmsOptions, 'content' | 'digest' | 'certificate' | 'detached'> {
  /** Base64 DER certificate from `certificates()`. */
  certificate: string;
  description: string;
  /** Default true: the document is not embedded. */
  detached?: boolean;
}

export interface AuthToken {
  unverifiedCertificate: string;
  algorithm: string;
  signature: string;
  format: 'web-eid:1.0';
  appVersion: string;
}

export interface DetectOptions {
  /** How long to wait for the extension to announce itself. Default 2000 ms. */
  timeout?: number;
}

export interface KysoClientOptions extends PageBridgeOptions {
  /** Time for calls that wait for the user (consent, PIN). Default 5 minutes. */
  interactionTimeoutMs?: number;
}

function digestB64(d: DigestInput): string {
  return typeof d === 'string' ? d : bytesToBase64(d);
}

export class KysoClient {
  private readonly bridge: PageBridge;
  private readonly interaction: BridgeCallOptions;

  constructor(
    private readonly win: Window = globalThis.window,
    options: KysoClientOptions = {},
  ) {
    this.bridge = new PageBridge(win, options);
    this.interaction = { timeoutMs: options.interactionTimeoutMs ?? 5 * 60_000 };
  }

  /** True when the content script has announced itself in this document. */
  get present(): boolean {
    return this.win.document?.documentElement?.hasAttribute(EXTENSION_PRESENCE_ATTRIBUTE) ?? false;
  }

  /**
   * Resolves with the status as soon as the extension and kyso-host answer;
   * rejects with EXTENSION_UNAVAILABLE, HOST_UNAVAILABLE or VERSION_MISMATCH.
   */
  async detect(options: DetectOptions = {}): Promise<PageStatusResult> {
    const timeout = options.timeout ?? 2000;
    if (!this.present) {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          this.win.removeEventListener(EXTENSION_READY_EVENT, done);
          resolve();
        };
        const timer = setTimeout(() => {
          this.win.removeEventListener(EXTENSION_READY_EVENT, done);
          if (this.present) resolve();
          else reject(sdkError('EXTENSION_UNAVAILABLE'));
        }, timeout);
        this.win.addEventListener(EXTENSION_READY_EVENT, done);
      });
    }
    return this.status();
  }

  /** Extension and host versions; `tokens` is counted only for sites the user allowed. */
  async status(): Promise<PageStatusResult> {
    return (await this.bridge.call('status')) as PageStatusResult;
  }

  /** The certificates on the plugged-in tokens (asks the user for consent on first use). */
  async certificates(): Promise<KysoCertificate[]> {
    const r = (await this.bridge.call('certificates', undefined, this.interaction)) as {
      certificates: KysoCertificate[];
    };
    return r.certificates;
  }

  /** Signs one digest; the user sees the site, the description and the certificate, and types the PIN. */
  async sign(req: SignRequest): Promise<SignResponse> {
    const params: Record<string, unknown> = {
      certificate: req.certificate,
      digest: digestB64(req.digest),
      hashAlgorithm: req.hashAlgorithm,
      description: req.description,
    };
    if (req.scheme) params.scheme = req.scheme;
    return (await this.bridge.call('sign', params, this.interaction)) as SignResponse;
  }

  /** Signs many digests with one PIN entry; `onProgress` reports `{ done, total }`. */
  async signBatch(req: SignBatchRequest): Promise<SignBatchResponse> {
    const params: Record<string, unknown> = {
      certificate: req.certificate,
      hashAlgorithm: req.hashAlgorithm,
      items: req.items.map((i) => ({ digest: digestB64(i.digest), description: i.description })),
    };
    if (req.scheme) params.scheme = req.scheme;
    const options: BridgeCallOptions = { ...this.interaction };
    if (req.onProgress) options.onProgress = (d) => req.onProgress?.(d as BatchProgress);
    return (await this.bridge.call('signBatch', params, options)) as SignBatchResponse;
  }

  /** A CMS SignedData (CAdES-B-B) over `content`, signed by the token; DER bytes. */
  async signCms(content: Uint8Array, options: SignCmsRequest): Promise<Uint8Array> {
    const { description, detached, ...rest } = options;
    return buildCms({
      ...rest,
      content,
      detached: detached ?? true,
      signer: async (toBeSigned: Uint8Array, algorithm: SignerAlgorithm) => {
        const r = await this.sign({
          certificate: options.certificate,
          digest: toBeSigned,
          hashAlgorithm: algorithm.hash,
          scheme: algorithm.scheme,
          description,
        });
        return base64ToBytes(r.signature);
      },
    });
  }

  /** A `web-eid:1.0` login token over H(H(origin) ‖ H(nonce)); the origin is set by the browser. */
  async authenticate(nonce: string): Promise<AuthToken> {
    return (await this.bridge.call('authenticate', { nonce }, this.interaction)) as AuthToken;
  }
}

let defaultClient: KysoClient | undefined;
function client(): KysoClient {
  defaultClient ??= new KysoClient(globalThis.window);
  return defaultClient;
}

/** The SDK on the page's own window: `Kyso.detect()`, `Kyso.sign(…)`… */
export const Kyso = {
  detect: (options?: DetectOptions) => client().detect(options),
  status: () => client().status(),
  certificates: () => client().certificates(),
  sign: (req: SignRequest) => client().sign(req),
  signBatch: (req: SignBatchRequest) => client().signBatch(req),
  signCms: (content: Uint8Array, options: SignCmsRequest) => client().signCms(content, options),
  authenticate: (nonce: string) => client().authenticate(nonce),
};
