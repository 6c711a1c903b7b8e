/**
 * The approval step shared by the simulated phone (SIM ký số) and the simulated signing app
 * (remote signature): sign the waiting request's digests with the holder's key and record the
 * result, or mark the request failed.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { SigningHolder } from '../data/signingSubscribers.js';
import type { HashAlgorithm } from './digestSignature.js';
import { signDigest } from './digestSignature.js';
import type { Approval, ApprovalStore } from './pushApprovals.js';
import type { SignerKeys } from './signerKeys.js';

export type ApprovalOutcome = 'signed' | 'failed' | 'gone';

export async function signApproval<M>(
  approvals: ApprovalStore<M>,
  approval: Approval<M>,
  keys: SignerKeys,
  holder: SigningHolder,
  hash: HashAlgorithm,
  digests: readonly Uint8Array[],
  log: FastifyBaseLogger,
): Promise<ApprovalOutcome> {
  try {
    const signer = await keys.get(holder);
    const signatures = digests.map((d) => signDigest(signer.privateKey, hash, d));
    approvals.sign(approval, { signatures, certificate: signer.certificate, chain: signer.chain });
  } catch (e) {
    log.error({ err: e }, 'simulated signature failed');
    approvals.settle(approval, 'failed');
    return 'failed';
  }
  return approval.state === 'signed' ? 'signed' : 'gone';
}
