/**
 * Protocol v1 methods. Tokens are touched only by methods that need them:
 * pkcs11js and the modules are loaded on the first such call. The doctor
 * (and the certificate parser it brings, pkijs) is imported only when asked,
 * so a browser's first request does not wait for it.
 */
import {
  HOST_PROTOCOL_VERSION,
  type HostRequest,
  type HostResults,
  KysoError,
  type PrepareSignParams,
  type ReleaseSignParams,
  type SignParams,
  type SignProgress,
} from '@kyso/lib/protocol';
import { HOST_VERSION } from './hostVersion.js';
import {
  closeHeldSession,
  closeSigningSession,
  logoutAll,
  openSigningSession,
  type SigningRequest,
  type SigningSession,
  sessionAlive,
  signInSession,
} from './pkcs11/digestSigning.js';
import { ModuleRegistry, type Pkcs11Api, pkcs11Api } from './pkcs11/moduleRegistry.js';
import { PreparedSigns } from './pkcs11/preparedSigns.js';
import { roomToHoldSession, sessionCountsOf } from './pkcs11/sessionRoom.js';
import { listCertificates, presentTokens } from './pkcs11/tokenInventory.js';
import { streamedProgress, throttledProgress } from './signProgress.js';

/** Events a method sends before its reply (`{ v, id, event, data }` frames). */
export interface MethodEvents {
  progress(data: SignProgress): void;
  /**
   * Work to run once the reply is written (a sign's logout and session close): the reply does
   * not wait for it. Without this hook the method runs that work before it returns.
   */
  afterReply?(work: () => void): void;
}

function sameRequest(a: SigningRequest, b: SigningRequest): boolean {
  return (
    a.handle === b.handle &&
    a.hashAlgorithm === b.hashAlgorithm &&
    a.scheme === b.scheme &&
    a.digests.length === b.digests.length &&
    a.digests.every((d, i) => d === b.digests[i])
  );
}

export class HostMethods {
  readonly registry: ModuleRegistry;
  /** Sessions opened by `prepareSign`, waiting for their `sign`. */
  readonly prepared: PreparedSigns;

  constructor(
    registry: ModuleRegistry = new ModuleRegistry(),
    prepared: PreparedSigns = new PreparedSigns(),
  ) {
    this.registry = registry;
    this.prepared = prepared;
  }

  async call(request: HostRequest, events?: MethodEvents): Promise<HostResults[keyof HostResults]> {
    switch (request.method) {
      case 'hello':
        return this.hello();
      case 'listTokens':
        return this.listTokens();
      case 'listCertificates':
        return this.listCertificates();
      case 'sign':
        return this.sign(request.params as SignParams, events);
      case 'logout':
        return this.logout();
      case 'doctor':
        return this.doctor();
      case 'prepareSign':
        return this.prepareSign(request.params as PrepareSignParams);
      case 'releaseSign':
        return this.releaseSign(request.params as ReleaseSignParams);
    }
  }

  async hello(): Promise<HostResults['hello']> {
    await this.registry.ensureLoaded();
    return {
      version: HOST_VERSION,
      protocol: HOST_PROTOCOL_VERSION,
      modules: this.registry.statuses.map((s) =>
        s.error === undefined
          ? { path: s.path, loaded: s.loaded }
          : { path: s.path, loaded: s.loaded, error: s.error },
      ),
    };
  }

  async listTokens(): Promise<HostResults['listTokens']> {
    await this.registry.ensureLoaded();
    if (this.registry.modules.length === 0) return { tokens: [] };
    const api = await pkcs11Api();
    return { tokens: presentTokens(api, this.registry).map((t) => t.info) };
  }

  async listCertificates(): Promise<HostResults['listCertificates']> {
    await this.registry.ensureLoaded();
    if (this.registry.modules.length === 0) return { certificates: [] };
    return { certificates: listCertificates(await pkcs11Api(), this.registry) };
  }

  /**
   * A streamed sign (`params.stream`) sends the signatures made so far with each progress event
   * and replies with the rest, `from` the first of them. With `params.prepared` naming a session
   * opened by `prepareSign` for the same request, only the login and the signing are left.
   */
  async sign(params: SignParams, events?: MethodEvents): Promise<HostResults['sign']> {
    await this.registry.ensureLoaded();
    const api = await pkcs11Api();
    const session = this.sessionFor(api, params);
    const many = events !== undefined && params.digests.length > 1;
    const stream = many && params.stream ? streamedProgress((p) => events.progress(p)) : undefined;
    const onSigned = stream
      ? stream.onSigned
      : many
        ? throttledProgress((p) => events.progress(p))
        : undefined;
    const { result, finish } = signInSession(api, session, params.pin, {
      onSigned,
      onSlotClosed: (token) => this.prepared.forgetToken(token),
    });
    if (events?.afterReply) events.afterReply(finish);
    else finish();
    if (!stream) return result;
    const from = stream.sent();
    return { ...result, signatures: result.signatures.slice(from), from };
  }

  /** The prepared session named by the request (if still usable), else a new one. */
  private sessionFor(api: Pkcs11Api, params: SignParams): SigningSession {
    const held = params.prepared === undefined ? undefined : this.prepared.take(params.prepared);
    if (held) {
      if (!sameRequest(held.request, params)) {
        closeHeldSession(held);
        throw new KysoError('INVALID_REQUEST', 'the prepared signature was made for other data');
      }
      // Not closed when gone: its handle may now name another session (of another slot).
      if (sessionAlive(api, held)) return held;
    }
    return openSigningSession(api, this.registry, params);
  }

  /**
   * Token, session and checks ahead of the PIN, held for the `sign` naming `params.prepared` —
   * unless holding it would leave the token no room for another sign's own session
   * (`ulMaxSessionCount`): then nothing is held and that sign runs from the start.
   */
  async prepareSign(params: PrepareSignParams): Promise<HostResults['prepareSign']> {
    await this.registry.ensureLoaded();
    const api = await pkcs11Api();
    this.prepared.release(params.prepared);
    const session = openSigningSession(api, this.registry, params);
    const counts = sessionCountsOf(session.token);
    if (counts && roomToHoldSession(counts, this.prepared.heldOn(session.token) + 1))
      this.prepared.hold(params.prepared, session);
    else closeSigningSession(session, false);
    return {};
  }

  async releaseSign(params: ReleaseSignParams): Promise<HostResults['releaseSign']> {
    return { released: this.prepared.release(params.prepared) };
  }

  /** `kyso-host doctor --json`'s report, on this host's modules (which stay loaded). */
  async doctor(): Promise<HostResults['doctor']> {
    await this.registry.ensureLoaded();
    const { buildDoctorReport } = await import('./doctor/doctorReport.js');
    return buildDoctorReport({ registry: this.registry });
  }

  async logout(): Promise<HostResults['logout']> {
    this.prepared.releaseAll();
    if (this.registry.modules.length > 0) logoutAll(await pkcs11Api(), this.registry);
    return {};
  }
}
