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
  type SignParams,
  type SignProgress,
} from '@kyso/lib/protocol';
import { HOST_VERSION } from './hostVersion.js';
import { logoutAll, signDigests } from './pkcs11/digestSigning.js';
import { ModuleRegistry, pkcs11Api } from './pkcs11/moduleRegistry.js';
import { listCertificates, presentTokens } from './pkcs11/tokenInventory.js';
import { streamedProgress, throttledProgress } from './signProgress.js';

/** Events a method sends before its reply (`{ v, id, event, data }` frames). */
export interface MethodEvents {
  progress(data: SignProgress): void;
}

export class HostMethods {
  readonly registry: ModuleRegistry;

  constructor(registry: ModuleRegistry = new ModuleRegistry()) {
    this.registry = registry;
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
   * and replies with the rest, `from` the first of them.
   */
  async sign(params: SignParams, events?: MethodEvents): Promise<HostResults['sign']> {
    await this.registry.ensureLoaded();
    const api = await pkcs11Api();
    if (!events || params.digests.length <= 1) return signDigests(api, this.registry, params);
    if (!params.stream)
      return signDigests(
        api,
        this.registry,
        params,
        throttledProgress((p) => events.progress(p)),
      );
    const stream = streamedProgress((p) => events.progress(p));
    const result = signDigests(api, this.registry, params, stream.onSigned);
    const from = stream.sent();
    return { ...result, signatures: result.signatures.slice(from), from };
  }

  /** `kyso-host doctor --json`'s report, on this host's modules (which stay loaded). */
  async doctor(): Promise<HostResults['doctor']> {
    await this.registry.ensureLoaded();
    const { buildDoctorReport } = await import('./doctor/doctorReport.js');
    return buildDoctorReport({ registry: this.registry });
  }

  async logout(): Promise<HostResults['logout']> {
    if (this.registry.modules.length > 0) logoutAll(await pkcs11Api(), this.registry);
    return {};
  }
}
