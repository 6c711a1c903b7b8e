/**
 * What the background does for each page method, given the caller's origin
 * (from the browser) and tab: origin policy, consent, the one-operation-per-tab
 * lock, the prompt window, and the calls to the native host.
 */

import type { AuthToken } from '../../../lib/src/auth/authToken.js';
import { createAuthToken } from '../../../lib/src/auth/createAuthToken.js';
import {
  type HashAlgorithm,
  type HelloResult,
  HOST_PROTOCOL_VERSION,
  type HostMethod,
  type HostParams,
  type HostResults,
  KysoError,
  type PageMethod,
  type PageSignBatchParams,
  type PageSignParams,
  type SignatureScheme,
  type TokenCertificate,
} from '../../../lib/src/protocol/index.js';
import { certificateValidityAt } from '../certificateValidity.js';
import type { PromptCertificate, PromptPrompter, PromptPurpose } from '../promptMessages.js';
import type { ConsentStore } from './consentStore.js';
import { requireServedOrigin } from './originPolicy.js';
import { validateAuthenticate, validateParams, validateSign, validateSignBatch } from './pageParams.js';
import type { TabLock } from './tabLock.js';

export interface HostApi {
  ensureReady(): Promise<HelloResult>;
  call<M extends HostMethod>(
    method: M,
    params?: HostParams[M],
    options?: { timeoutMs?: number; onEvent?: (event: string, data: unknown) => void },
  ): Promise<HostResults[M]>;
}

export interface OperationDeps {
  host: HostApi;
  consent: ConsentStore;
  lock: TabLock;
  /** Opens a prompt window for one operation of `origin`. */
  openPrompt: (origin: string, purpose: PromptPurpose) => PromptPrompter;
  extensionVersion: string;
  now?: () => Date;
}

export interface OperationContext {
  origin: string;
  tabId: number;
  /**
   * A batch's progress; `part` holds the signatures the host streamed with this event (in order,
   * following those of the previous events), for the page's transport to send ahead of the result.
   */
  onProgress?: (data: { done: number; total: number }, part?: string[]) => void;
  /** Aborted when the calling frame goes away (navigation, tab closed): its Kyso window closes. */
  signal?: AbortSignal;
}

const SIGN_TIMEOUT_MS = 120_000;
/**
 * A batch shows its progress in the Kyso window only after this long. The switch to the progress
 * view (a new layout and paint of the window) during a fast batch cost the signing loop ≈ 10 %
 * in Chromium on 2 cores (100 SoftHSM signatures, 70–100 ms); such a batch is over before a person
 * could read a progress bar. A USB token's batch (seconds) shows it from here on.
 */
export const WINDOW_PROGRESS_AFTER_MS = 300;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function fingerprint(digestB64: string): Promise<string> {
  const h = new Uint8Array(
    await crypto.subtle.digest('SHA-256', fromBase64(digestB64) as Uint8Array<ArrayBuffer>),
  );
  return Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
}

function defaultScheme(cert: TokenCertificate): SignatureScheme {
  return cert.keyType === 'EC' ? 'ECDSA' : 'RSASSA-PKCS1-v1_5';
}

function promptCertificate(c: TokenCertificate): PromptCertificate {
  return { certificate: c.certificate, tokenLabel: c.token.label, flags: c.token.flags };
}

export class PageOperations {
  private readonly now: () => Date;

  constructor(private readonly deps: OperationDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async handle(method: PageMethod, rawParams: unknown, ctx: OperationContext): Promise<unknown> {
    requireServedOrigin(ctx.origin);
    validateParams(method, rawParams);
    switch (method) {
      case 'status':
        return this.status(ctx);
      case 'certificates':
        return this.certificates(ctx);
      case 'sign':
        return this.sign(validateSign(rawParams), ctx);
      case 'signBatch':
        return this.signBatch(validateSignBatch(rawParams), ctx);
      case 'authenticate':
        return this.authenticate(validateAuthenticate(rawParams).nonce, ctx);
    }
  }

  private async status(ctx: OperationContext): Promise<unknown> {
    // The host handshake and the consent lookup side by side: on a first call the host is
    // starting and the browser is opening extension storage.
    const [hello, decision] = await Promise.all([
      this.deps.host.ensureReady(),
      this.deps.consent.decisionFor(ctx.origin),
    ]);
    // Token counts are only told to sites the user has allowed.
    const allowed = decision === 'allow';
    const tokens = allowed ? (await this.deps.host.call('listTokens')).tokens.length : 0;
    return {
      extension: this.deps.extensionVersion,
      host: hello.version,
      protocol: HOST_PROTOCOL_VERSION,
      tokens,
    };
  }

  private async certificates(ctx: OperationContext): Promise<unknown> {
    const decision = await this.deps.consent.decisionFor(ctx.origin);
    if (decision === 'deny') throw new KysoError('ORIGIN_DENIED');
    if (decision !== 'allow') {
      await this.deps.lock.run(ctx.tabId, async () => {
        const prompt = this.openPrompt(ctx, 'certificates');
        try {
          await this.ensureConsent(ctx.origin, 'certificates', prompt);
        } finally {
          prompt.close();
        }
      });
    }
    const list = await this.listCertificates();
    return {
      certificates: list.map((c) => {
        const out: { certificate: string; keyType: string; keySize?: number; curve?: string } = {
          certificate: c.certificate,
          keyType: c.keyType,
        };
        if (c.keySize !== undefined) out.keySize = c.keySize;
        if (c.curve !== undefined) out.curve = c.curve;
        return out;
      }),
    };
  }

  private async sign(p: PageSignParams, ctx: OperationContext): Promise<unknown> {
    const r = await this.signDigests(
      'sign',
      p.certificate,
      p.hashAlgorithm,
      p.scheme,
      [p.digest],
      p.description,
      ctx,
    );
    return { signature: r.signatures[0], hashAlgorithm: p.hashAlgorithm, scheme: r.scheme };
  }

  private async signBatch(p: PageSignBatchParams, ctx: OperationContext): Promise<unknown> {
    const description =
      p.items.length === 1 ? p.items[0]!.description : p.items.map((i) => i.description).join('\n');
    const r = await this.signDigests(
      'signBatch',
      p.certificate,
      p.hashAlgorithm,
      p.scheme,
      p.items.map((i) => i.digest),
      description,
      ctx,
    );
    return { signatures: r.signatures, hashAlgorithm: p.hashAlgorithm, scheme: r.scheme };
  }

  private async authenticate(nonce: string, ctx: OperationContext): Promise<AuthToken> {
    await this.requireNotDenied(ctx.origin);
    return this.deps.lock.run(ctx.tabId, async () => {
      const prompt = this.openPrompt(ctx, 'authenticate');
      try {
        await this.ensureConsent(ctx.origin, 'authenticate', prompt);
        const list = await this.listCertificates();
        const index = await prompt.choose(list.map(promptCertificate));
        const cert = list[index];
        if (!cert) throw new KysoError('INVALID_REQUEST', 'no such certificate in the list');
        this.requireValid(cert.certificate);
        return await createAuthToken({
          origin: ctx.origin,
          nonce,
          certificate: cert.certificate,
          appVersion: `kyso-extension/${this.deps.extensionVersion}`,
          signer: async (digest, algorithm) => {
            const signatures = await this.signWithPin(
              prompt,
              cert,
              algorithm.hash,
              algorithm.scheme,
              [toBase64(digest)],
              undefined,
              ctx,
            );
            return fromBase64(signatures[0]!);
          },
        });
      } finally {
        prompt.close();
      }
    });
  }

  private async signDigests(
    purpose: 'sign' | 'signBatch',
    certificate: string,
    hashAlgorithm: HashAlgorithm,
    scheme: SignatureScheme | undefined,
    digests: string[],
    description: string,
    ctx: OperationContext,
  ): Promise<{ signatures: string[]; scheme: SignatureScheme }> {
    await this.requireNotDenied(ctx.origin);
    return this.deps.lock.run(ctx.tabId, async () => {
      const prompt = this.openPrompt(ctx, purpose);
      try {
        await this.ensureConsent(ctx.origin, purpose, prompt);
        const list = await this.listCertificates();
        const cert = list.find((c) => c.certificate === certificate);
        if (!cert) throw new KysoError('CERTIFICATE_NOT_FOUND');
        this.requireValid(cert.certificate);
        const chosen = scheme ?? defaultScheme(cert);
        const signatures = await this.signWithPin(
          prompt,
          cert,
          hashAlgorithm,
          chosen,
          digests,
          description,
          ctx,
        );
        return { signatures, scheme: chosen };
      } finally {
        prompt.close();
      }
    });
  }

  /** Asks for the PIN (again after a wrong one) until the token signs, the user cancels or the token locks. */
  private async signWithPin(
    prompt: PromptPrompter,
    cert: TokenCertificate,
    hashAlgorithm: HashAlgorithm,
    scheme: SignatureScheme,
    digests: string[],
    description: string | undefined,
    ctx: OperationContext,
  ): Promise<string[]> {
    const fp = await fingerprint(digests[0]!);
    let flags = cert.token.flags;
    let error: { code: KysoError['code']; data?: Record<string, unknown> } | undefined;
    for (;;) {
      const view = {
        description,
        count: digests.length,
        fingerprint: fp,
        hashAlgorithm,
        certificate: { ...promptCertificate(cert), flags },
        ...(error ? { error } : {}),
      };
      const prepared = this.prepareSign(cert.handle, hashAlgorithm, scheme, digests);
      let pin: string | undefined;
      try {
        pin = await prompt.pin(view);
      } catch (e) {
        this.releaseSign(prepared);
        throw e;
      }
      try {
        return await this.signAll(prompt, cert.handle, hashAlgorithm, scheme, digests, pin, ctx, prepared);
      } catch (e) {
        if (!(e instanceof KysoError) || (e.code !== 'PIN_INCORRECT' && e.code !== 'PIN_INVALID')) throw e;
        error = e.data ? { code: e.code, data: e.data } : { code: e.code };
        flags = { ...flags, ...tokenFlagsFrom(e.data) };
      }
    }
  }

  /**
   * While the user types the PIN, the host does what it can without it (token, session, checks:
   * `prepareSign`, no PIN in it); the sign then names it and only logs in and signs. Best effort:
   * a host that cannot prepare (an older one, a token gone) gets the whole sign with the PIN, and
   * answers its errors there. Returns the operation's id for the host.
   */
  private prepareSign(
    handle: string,
    hashAlgorithm: HashAlgorithm,
    scheme: SignatureScheme,
    digests: string[],
  ): string {
    const prepared = crypto.randomUUID();
    this.deps.host
      .call('prepareSign', { prepared, handle, hashAlgorithm, scheme, digests })
      .catch(() => undefined);
    return prepared;
  }

  /** The PIN question ended without a PIN (cancel, window closed, timeout): the host closes the session. */
  private releaseSign(prepared: string): void {
    this.deps.host.call('releaseSign', { prepared }).catch(() => undefined);
  }

  /**
   * Signs every digest in one host call: one login on the token for the whole batch, and a wrong
   * PIN fails at that login before any digest (one try). The host's progress events are relayed
   * to the window and the page. A batch is asked as a streamed sign: each progress event brings
   * the signatures made since the previous one, so most of a large reply crosses the browser while
   * the token is still signing, and the reply brings the rest (`from` the first of them).
   */
  private async signAll(
    prompt: PromptPrompter,
    handle: string,
    hashAlgorithm: HashAlgorithm,
    scheme: SignatureScheme,
    digests: string[],
    pin: string | undefined,
    ctx: OperationContext,
    prepared: string,
  ): Promise<string[]> {
    const total = digests.length;
    let reported = -1;
    const startedAt = this.now().getTime();
    // The window shows only the host's events, and only once the batch has run for
    // WINDOW_PROGRESS_AFTER_MS: redrawing it would take CPU from the token's driver while it
    // signs, and a batch done sooner closes the window anyway. The page gets every event.
    const report = (done: number, fromHost: boolean, part?: string[]) => {
      if (total <= 1 || done <= reported || done > total) return;
      reported = done;
      if (fromHost && this.now().getTime() - startedAt >= WINDOW_PROGRESS_AFTER_MS)
        prompt.progress(done, total);
      if (part) ctx.onProgress?.({ done, total }, part);
      else ctx.onProgress?.({ done, total });
    };
    const params: HostParams['sign'] = { handle, hashAlgorithm, scheme, digests, prepared };
    if (pin !== undefined) params.pin = pin;
    if (total > 1) params.stream = true;
    const streamed = new StreamedSignatures();
    report(0, false);
    const r = await this.deps.host.call('sign', params, {
      timeoutMs: SIGN_TIMEOUT_MS,
      onEvent: (event, data) => {
        if (event !== 'progress' || typeof data !== 'object' || data === null) return;
        const { done, signatures } = data as { done?: unknown; signatures?: unknown };
        if (typeof done !== 'number' || !Number.isInteger(done)) return;
        report(done, true, signatures === undefined ? undefined : streamed.add(done, signatures));
      },
    });
    const all = streamed.complete(r, total);
    report(total, false);
    return all;
  }

  /** The operation's window, closed (USER_CANCELLED) if the calling frame goes away first. */
  private openPrompt(ctx: OperationContext, purpose: PromptPurpose): PromptPrompter {
    const prompt = this.deps.openPrompt(ctx.origin, purpose);
    if (ctx.signal) {
      if (ctx.signal.aborted) prompt.close();
      else ctx.signal.addEventListener('abort', () => prompt.close(), { once: true });
    }
    return prompt;
  }

  private async listCertificates(): Promise<TokenCertificate[]> {
    const r = await this.deps.host.call('listCertificates');
    if (r.certificates.length === 0) throw new KysoError('NO_CERTIFICATE');
    return r.certificates;
  }

  private requireValid(certificate: string): void {
    const validity = certificateValidityAt(certificate, this.now());
    if (validity === 'expired') throw new KysoError('CERTIFICATE_EXPIRED');
    if (validity === 'not-yet-valid') throw new KysoError('CERTIFICATE_NOT_YET_VALID');
  }

  private async requireNotDenied(origin: string): Promise<void> {
    if ((await this.deps.consent.decisionFor(origin)) === 'deny') throw new KysoError('ORIGIN_DENIED');
  }

  /** Uses the stored decision, or asks in the prompt window and stores the answer. */
  private async ensureConsent(origin: string, purpose: PromptPurpose, prompt: PromptPrompter): Promise<void> {
    const decision = await this.deps.consent.decisionFor(origin);
    if (decision === 'allow') return;
    if (decision === 'deny') throw new KysoError('ORIGIN_DENIED');
    const allow = await prompt.consent(purpose);
    await this.deps.consent.record(origin, allow ? 'allow' : 'deny');
    if (!allow) throw new KysoError('ORIGIN_DENIED');
  }
}

/**
 * The signatures of a streamed host `sign`, put together in order: those of each progress event,
 * then the reply's (`from` the first of them). Anything out of step (a gap, a repeat, a reply not
 * starting where the events stopped, a wrong count) is an INTERNAL error, never a signature placed
 * at the wrong digest. A reply without `from` (a host that does not stream) must hold them all.
 */
export class StreamedSignatures {
  private readonly received: string[] = [];
  private broken = false;

  /** Takes an event's signatures; returns them when they follow on, else marks the stream broken. */
  add(done: number, signatures: unknown): string[] | undefined {
    if (
      this.broken ||
      !Array.isArray(signatures) ||
      !signatures.every((s) => typeof s === 'string') ||
      done - signatures.length !== this.received.length
    ) {
      this.broken = true;
      return undefined;
    }
    this.received.push(...(signatures as string[]));
    return signatures as string[];
  }

  complete(reply: { signatures?: unknown; from?: unknown }, total: number): string[] {
    const rest = reply.signatures;
    const from = reply.from ?? 0;
    if (this.broken || from !== this.received.length)
      throw new KysoError('INTERNAL', 'the host streamed its signatures out of order');
    if (!Array.isArray(rest) || !rest.every((s) => typeof s === 'string'))
      throw new KysoError('INTERNAL', 'the host returned no signatures');
    const all = from === 0 ? (rest as string[]) : [...this.received, ...(rest as string[])];
    if (all.length !== total)
      throw new KysoError('INTERNAL', 'the host returned the wrong number of signatures');
    return all;
  }
}

function tokenFlagsFrom(
  data: Record<string, unknown> | undefined,
): Partial<TokenCertificate['token']['flags']> {
  const out: Partial<TokenCertificate['token']['flags']> = {};
  if (!data) return out;
  const source = (typeof data.flags === 'object' && data.flags !== null ? data.flags : data) as Record<
    string,
    unknown
  >;
  for (const k of ['pinCountLow', 'pinFinalTry', 'pinLocked'] as const) {
    if (typeof source[k] === 'boolean') out[k] = source[k] as boolean;
  }
  return out;
}
