/**
 * One RSA-2048 key pair and demo-PKI certificate per SIM or remote credential, made on first
 * use and kept for the life of the process (the "secure element" of the simulated SIM/HSM).
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { DemoPki } from '@kyso/lib/demo-pki';
import type { SigningHolder } from '../data/signingSubscribers.js';

const generateRsa = promisify(generateKeyPair);

export interface SignerCredential {
  privateKey: KeyObject;
  /** DER of the subscriber certificate. */
  certificate: Uint8Array;
  /** Issuing CA first, up to (excluding) the root. */
  chain: Uint8Array[];
  root: Uint8Array;
  serialNumber: string;
}

export class SignerKeys {
  readonly #pki: DemoPki;
  readonly #cache = new Map<string, Promise<SignerCredential>>();

  constructor(pki: DemoPki) {
    this.#pki = pki;
  }

  get(holder: SigningHolder): Promise<SignerCredential> {
    let entry = this.#cache.get(holder.keyName);
    if (!entry) {
      entry = this.#create(holder);
      this.#cache.set(holder.keyName, entry);
      // A failure is not cached: the next request tries again.
      entry.catch(() => this.#cache.delete(holder.keyName));
    }
    return entry;
  }

  async #create(holder: SigningHolder): Promise<SignerCredential> {
    const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const issued = await this.#pki.issue({ caKey: holder.caKey, subject: holder.subject, publicKey: spki });
    return {
      privateKey,
      certificate: issued.certificate,
      chain: issued.chain,
      root: issued.root,
      serialNumber: issued.serialNumber,
    };
  }
}
