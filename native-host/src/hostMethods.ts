/**
 * Protocol v1 methods. Tokens are touched only by methods that need them:
 * pkcs11js and the modules are loaded on the first such call.
 */
import {
  HOST_PROTOCOL_VERSION,
  type HostRequest,
  type HostResults,
  type SignParams,
} from '@kyso/lib/protocol';
import { HOST_VERSION } from './hostVersion.js';
import { logoutAll, signDigests } from './pkcs11/digestSigning.js';
import { ModuleRegistry, pkcs11Api } from './pkcs11/moduleRegistry.js';
import { listCertificates, presentTokens } from './pkcs11/tokenInventory.js';

export class HostMethods {
  readonly registry: ModuleRegistry;

  constructor(registry: ModuleRegistry = new ModuleRegistry()) {
    this.registry = registry;
  }

  async call(request: HostRequest): Promise<HostResults[keyof HostResults]> {
    switch (request.method) {
      case 'hello':
        return this.hello();
      case 'listTokens':
        return this.listTokens();
      case 'listCertificates':
        return this.listCertificates();
      case 'sign':
        return this.sign(request.params as SignParams);
      case 'logout':
        return this.logout();
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

  async sign(params: SignParams): Promise<HostResults['sign']> {
    await this.registry.ensureLoaded();
    return signDigests(await pkcs11Api(), this.registry, params);
  }

  async logout(): Promise<HostResults['logout']> {
    if (this.registry.modules.length > 0) logoutAll(await pkcs11Api(), this.registry);
    return {};
  }
}
