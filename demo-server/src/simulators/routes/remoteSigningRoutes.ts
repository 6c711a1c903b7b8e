/**
 * Remote personal-signature provider (SmartCA/MySign style, CSC-like, JSON over POST):
 *   POST /rs/credentials/list {userId}                                → {credentialIds}
 *   POST /rs/credentials/info {credentialId}                          → {credentialId, cert, key}
 *   POST /rs/signatures/signHash {credentialId, hashes, hashAlgo, description}
 *                                                                     → {transactionId, status: 4001, statusName}
 *   GET  /rs/signatures/:transactionId → {status, statusName, signatures?, certificate?, chain?}
 * and the simulated app: GET /rs/app/:userId, POST /rs/app/:userId/approve {transactionId, pin},
 * POST /rs/app/:userId/reject {transactionId}.
 */
import { X509Certificate } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { credentialsOf, findCredential, type RemoteCredential } from '../data/signingSubscribers.js';
import { findCitizen } from '../data/simulatedCitizens.js';
import { faultFor, MAGIC_ID, RS_APP_PIN, RS_APP_PIN_ATTEMPTS } from '../magicValues.js';
import { type Flash, RemoteSigningAppPage } from '../pages/approvalPages.js';
import { sendPage } from '../pages/pageLayout.js';
import { ID_NUMBER_SCHEMA } from '../registryMatching.js';
import { signApproval } from '../signing/approvalSigning.js';
import { decodeBase64, type HashAlgorithm, hashAlgorithmOf } from '../signing/digestSignature.js';
import type { Approval, ApprovalState, ApprovalStore } from '../signing/pushApprovals.js';
import type { SignerKeys } from '../signing/signerKeys.js';
import type { SimulatedFaults } from '../simulatedFaults.js';
import { sendError } from '../simulatorErrors.js';

/** Transaction statuses of the simulated provider. */
export const RS_STATUS = {
  // The codes of VNPT SmartCA's sign-hash API (domain reference §5.2).
  SUCCESS: 1,
  WAITING_FOR_SIGNER_CONFIRM: 4000,
  EXPIRED: 4001,
  SIGNER_REJECTED: 4002,
  AUTHORIZE_KEY_FAILED: 4003,
  SIGN_FAILED: 4004,
} as const;

export type RsStatusName = keyof typeof RS_STATUS;

const STATE_STATUS: Readonly<Record<ApprovalState, RsStatusName>> = {
  signed: 'SUCCESS',
  waiting: 'WAITING_FOR_SIGNER_CONFIRM',
  rejected: 'SIGNER_REJECTED',
  expired: 'EXPIRED',
  keyBlocked: 'AUTHORIZE_KEY_FAILED',
  failed: 'SIGN_FAILED',
};

/** At most this many hashes in one signHash request (SmartCA's limit). */
export const RS_MAX_HASHES = 50;

export interface RemoteSigningMeta {
  credentialId: string;
  userId: string;
  hash: HashAlgorithm;
  digests: Buffer[];
  description: string;
}

export interface RemoteSigningRouteOptions {
  faults: SimulatedFaults;
  approvals: ApprovalStore<RemoteSigningMeta>;
  signerKeys: SignerKeys;
  now: () => number;
}

/** CSC-style GeneralizedTime text, e.g. 20260101000000Z. */
function cscTime(text: string): string {
  return `${new Date(text).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

const APP_FLASH: Readonly<Record<string, Flash>> = {
  signed: { kind: 'ok', vi: 'Đã xác nhận ký.', en: 'Signing confirmed.' },
  rejected: { kind: 'info', vi: 'Đã từ chối yêu cầu ký.', en: 'Request rejected.' },
  wrongPin: { kind: 'err', vi: 'Sai mã PIN ứng dụng.', en: 'Wrong app PIN.' },
  locked: {
    kind: 'err',
    vi: 'Nhập sai PIN quá số lần cho phép: yêu cầu bị từ chối (4004).',
    en: 'Too many wrong PINs: the request failed (4004).',
  },
  gone: {
    kind: 'err',
    vi: 'Yêu cầu không còn chờ xác nhận (đã xử lý hoặc hết hạn).',
    en: 'The request is no longer waiting (done or expired).',
  },
  failed: { kind: 'err', vi: 'Lỗi khi ký.', en: 'Signing failed.' },
};

export async function remoteSigningRoutes(
  app: FastifyInstance,
  opts: RemoteSigningRouteOptions,
): Promise<void> {
  const { approvals, faults, signerKeys, now } = opts;

  app.post<{ Body: { userId: string } }>(
    '/rs/credentials/list',
    {
      schema: {
        body: { type: 'object', required: ['userId'], properties: { userId: ID_NUMBER_SCHEMA } },
      },
    },
    async (request, reply) => {
      const fault = faultFor(request.body.userId, MAGIC_ID);
      if (fault) return faults.reply(fault, reply);
      return { credentialIds: credentialsOf(request.body.userId).map((c) => c.credentialId) };
    },
  );

  app.post<{ Body: { credentialId: string } }>(
    '/rs/credentials/info',
    {
      schema: {
        body: {
          type: 'object',
          required: ['credentialId'],
          properties: { credentialId: { type: 'string', minLength: 1, maxLength: 100 } },
        },
      },
    },
    async (request, reply) => {
      const credential = findCredential(request.body.credentialId);
      if (!credential) return sendError(reply, 'CREDENTIAL_NOT_FOUND');
      const signer = await signerKeys.get(credential.holder);
      const x509 = new X509Certificate(signer.certificate);
      return {
        credentialId: credential.credentialId,
        cert: {
          status: 'VALID',
          certificates: [signer.certificate, ...signer.chain].map((c) => Buffer.from(c).toString('base64')),
          serialNumber: signer.serialNumber,
          subjectDN: x509.subject.replace(/\n/g, ', '),
          issuerDN: x509.issuer.replace(/\n/g, ', '),
          validFrom: cscTime(x509.validFrom),
          validTo: cscTime(x509.validTo),
        },
        key: {
          status: credential.behaviour === 'keyLocked' ? 'DISABLED' : 'ENABLED',
          algo: ['1.2.840.113549.1.1.1'],
          len: 2048,
        },
        authMode: 'explicit',
        multisign: RS_MAX_HASHES,
      };
    },
  );

  app.post<{ Body: { credentialId: string; hashes: string[]; hashAlgo?: string; description: string } }>(
    '/rs/signatures/signHash',
    {
      schema: {
        body: {
          type: 'object',
          required: ['credentialId', 'hashes', 'description'],
          properties: {
            credentialId: { type: 'string', minLength: 1, maxLength: 100 },
            hashes: {
              type: 'array',
              minItems: 1,
              maxItems: RS_MAX_HASHES,
              items: { type: 'string', minLength: 1, maxLength: 200 },
            },
            hashAlgo: { type: 'string', minLength: 1, maxLength: 40 },
            description: { type: 'string', minLength: 1, maxLength: 500 },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const credential = findCredential(body.credentialId);
      if (!credential) return sendError(reply, 'CREDENTIAL_NOT_FOUND');
      const hash = hashAlgorithmOf(body.hashAlgo ?? 'SHA-256');
      if (!hash)
        return sendError(
          reply,
          'INVALID_REQUEST',
          'hashAlgo: 2.16.840.1.101.3.4.2.1 (SHA-256) | SHA-384 | SHA-512',
        );
      const digests: Buffer[] = [];
      for (const [i, h] of body.hashes.entries()) {
        const d = decodeBase64(h);
        if (!d || d.length !== hash.length)
          return sendError(
            reply,
            'INVALID_REQUEST',
            `hashes[${i}]: base64 ${hash.name} (${hash.length} bytes)`,
          );
        digests.push(d);
      }
      const initial: ApprovalState =
        credential.behaviour === 'keyLocked'
          ? 'keyBlocked'
          : credential.behaviour === 'rejects'
            ? 'rejected'
            : 'waiting';
      const a = approvals.create(
        {
          credentialId: credential.credentialId,
          userId: credential.userId,
          hash,
          digests,
          description: body.description,
        },
        initial,
      );
      const name = STATE_STATUS[a.state];
      return { transactionId: a.id, status: RS_STATUS[name], statusName: name };
    },
  );

  app.get<{ Params: { transactionId: string } }>('/rs/signatures/:transactionId', async (request, reply) => {
    const a = approvals.get(request.params.transactionId);
    if (!a) return sendError(reply, 'TRANSACTION_NOT_FOUND');
    const name = STATE_STATUS[a.state];
    const out: Record<string, unknown> = {
      transactionId: a.id,
      credentialId: a.meta.credentialId,
      status: RS_STATUS[name],
      statusName: name,
      expiresAt: new Date(a.expiresAt).toISOString(),
    };
    if (a.result) {
      out.hashAlgo = a.meta.hash.oid;
      out.signAlgo = '1.2.840.113549.1.1.1';
      out.signatures = a.result.signatures.map((s) => s.toString('base64'));
      out.certificate = Buffer.from(a.result.certificate).toString('base64');
      out.chain = a.result.chain.map((c) => Buffer.from(c).toString('base64'));
    }
    return out;
  });

  // ——— the simulated app ———

  const back = (reply: FastifyReply, userId: string, result: string) =>
    reply.code(303).header('location', `/rs/app/${userId}?result=${result}`).send();
  const waitingFor = (userId: string, id: string): Approval<RemoteSigningMeta> | undefined => {
    const a = approvals.get(id);
    return a && a.meta.userId === userId && a.state === 'waiting' ? a : undefined;
  };
  const appUser = (userId: string): RemoteCredential[] | undefined =>
    /^(\d{9}|\d{12})$/.test(userId) ? credentialsOf(userId) : undefined;

  app.get<{ Params: { userId: string }; Querystring: { result?: string } }>(
    '/rs/app/:userId',
    async (request, reply) => {
      const { userId } = request.params;
      const credentials = appUser(userId);
      if (!credentials)
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send('Số CCCD không hợp lệ / Invalid ID number');
      const behaviour = credentials[0]?.behaviour;
      // The "never confirms" user's app never shows the request.
      const requests = behaviour === 'neverConfirms' ? [] : approvals.waiting((m) => m.userId === userId);
      const flashKey = request.query.result;
      return sendPage(
        reply,
        RemoteSigningAppPage({
          userId,
          fullName: findCitizen(userId)?.fullName,
          hasCredential: credentials.length > 0,
          flash: flashKey && Object.hasOwn(APP_FLASH, flashKey) ? APP_FLASH[flashKey] : undefined,
          requests: requests.map((a) => ({
            id: a.id,
            display: a.meta.description,
            detail: `${a.meta.hash.name}, ${a.meta.digests.length} chuỗi băm / hash(es)`,
            secondsLeft: Math.max(0, Math.ceil((a.expiresAt - now()) / 1000)),
          })),
        }),
      );
    },
  );

  const form = (withPin: boolean) => ({
    params: { type: 'object', properties: { userId: ID_NUMBER_SCHEMA } },
    body: {
      type: 'object',
      required: withPin ? ['transactionId', 'pin'] : ['transactionId'],
      properties: {
        transactionId: { type: 'string', maxLength: 64 },
        ...(withPin ? { pin: { type: 'string', maxLength: 16 } } : {}),
      },
    },
  });

  app.post<{ Params: { userId: string }; Body: { transactionId: string; pin: string } }>(
    '/rs/app/:userId/approve',
    { schema: form(true) },
    async (request, reply) => {
      const { userId } = request.params;
      if (!appUser(userId)?.length)
        return reply.code(404).type('text/plain; charset=utf-8').send('Không có chứng thư / No credential');
      const a = waitingFor(userId, request.body.transactionId);
      const credential = a ? findCredential(a.meta.credentialId) : undefined;
      if (!a || !credential || credential.behaviour === 'neverConfirms') return back(reply, userId, 'gone');
      if (request.body.pin !== RS_APP_PIN) {
        a.pinFailures += 1;
        if (a.pinFailures >= RS_APP_PIN_ATTEMPTS) {
          approvals.settle(a, 'keyBlocked');
          return back(reply, userId, 'locked');
        }
        return back(reply, userId, 'wrongPin');
      }
      return back(
        reply,
        userId,
        await signApproval(
          approvals,
          a,
          signerKeys,
          credential.holder,
          a.meta.hash,
          a.meta.digests,
          request.log,
        ),
      );
    },
  );

  app.post<{ Params: { userId: string }; Body: { transactionId: string } }>(
    '/rs/app/:userId/reject',
    { schema: form(false) },
    async (request, reply) => {
      const { userId } = request.params;
      const a = waitingFor(userId, request.body.transactionId);
      if (!a) return back(reply, userId, 'gone');
      approvals.settle(a, 'rejected');
      return back(reply, userId, 'rejected');
    },
  );
}
