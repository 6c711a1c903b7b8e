/**
 * SIM-signature MSSP, shaped like ETSI TS 102 204 in asynchronous client-server mode, but as
 * JSON over HTTP instead of SOAP:
 *   POST /mssp/signature {msisdn, dataToBeSigned, hashAlgorithm, dataToBeDisplayed, apTransId}
 *        → {msspTransId, apTransId, msisdn, status: {code: 100, message: 'REQUEST_OK'}}
 *   GET  /mssp/status/:msspTransId → {…, status: {code, message}, signature?, certificate?, chain?}
 *   POST /mssp/profile {msisdn} → {msisdn, status, certificate?, chain?, serialNumber?} — the SIM's
 *        certificate before any signature (MSS_ProfileQuery, with the certificate as the Vietnamese SIM CA
 *        gateways return it), so that an AP can build CAdES signed attributes with one approval
 * and the simulated phone that approves (PIN) or rejects:
 *   GET  /phone/:msisdn, POST /phone/:msisdn/approve {transactionId, pin},
 *   POST /phone/:msisdn/reject {transactionId}, POST /phone/:msisdn/unblock {puk}
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { toMsisdn } from '../data/phoneNumbers.js';
import { findSimSubscription, type SimPkiSubscription } from '../data/signingSubscribers.js';
import { faultFor, MAGIC_MSISDN, SIM_PIN, SIM_PIN_ATTEMPTS, SIM_PUK } from '../magicValues.js';
import { type Flash, type PhoneCondition, PhonePage } from '../pages/approvalPages.js';
import { sendPage } from '../pages/pageLayout.js';
import { signApproval } from '../signing/approvalSigning.js';
import { decodeBase64, type HashAlgorithm, hashAlgorithmOf } from '../signing/digestSignature.js';
import type { Approval, ApprovalState, ApprovalStore } from '../signing/pushApprovals.js';
import type { SignerKeys } from '../signing/signerKeys.js';
import type { SimulatedFaults } from '../simulatedFaults.js';
import { errorBody, SIMULATOR_ERRORS, type SimulatorErrorCode } from '../simulatorErrors.js';

/** ETSI TS 102 204 status codes used by the simulator. */
export const MSS_STATUS = {
  REQUEST_OK: 100,
  WRONG_PARAM: 101,
  MISSING_PARAM: 102,
  WRONG_DATA_LENGTH: 103,
  UNKNOWN_CLIENT: 105,
  EXPIRED_TRANSACTION: 208,
  USER_CANCEL: 401,
  PIN_NR_BLOCKED: 402,
  NO_CERT_FOUND: 422,
  SIGNATURE: 500,
  OUTSTANDING_TRANSACTION: 504,
  INTERNAL_ERROR: 900,
} as const;

export type MssStatusName = keyof typeof MSS_STATUS;

const STATE_STATUS: Readonly<Record<ApprovalState, MssStatusName>> = {
  waiting: 'OUTSTANDING_TRANSACTION',
  signed: 'SIGNATURE',
  rejected: 'USER_CANCEL',
  expired: 'EXPIRED_TRANSACTION',
  keyBlocked: 'PIN_NR_BLOCKED',
  failed: 'INTERNAL_ERROR',
};

export interface MsspMeta {
  msisdn: string;
  apTransId: string;
  hash: HashAlgorithm;
  digest: Buffer;
  display: string;
}

export interface MsspRouteOptions {
  faults: SimulatedFaults;
  approvals: ApprovalStore<MsspMeta>;
  signerKeys: SignerKeys;
  now: () => number;
}

function status(name: MssStatusName): { code: number; message: MssStatusName } {
  return { code: MSS_STATUS[name], message: name };
}

function fail(
  reply: FastifyReply,
  code: SimulatorErrorCode,
  mss: MssStatusName,
  detail?: string,
): FastifyReply {
  return reply.code(SIMULATOR_ERRORS[code].status).send({ status: status(mss), ...errorBody(code, detail) });
}

/** Per-SIM PIN state (the PIN lives on the SIM, so a block outlasts a transaction). */
interface SimCard {
  failures: number;
  blocked: boolean;
}

const PHONE_FLASH: Readonly<Record<string, Flash>> = {
  signed: { kind: 'ok', vi: 'Ký giao dịch thành công.', en: 'Transaction signed.' },
  rejected: { kind: 'info', vi: 'Đã hủy giao dịch.', en: 'Transaction rejected.' },
  wrongPin: { kind: 'err', vi: 'Sai mã PIN.', en: 'Wrong PIN.' },
  blocked: {
    kind: 'err',
    vi: 'Nhập sai PIN quá số lần cho phép: PIN đã bị khóa.',
    en: 'Too many wrong PINs: PIN blocked.',
  },
  gone: {
    kind: 'err',
    vi: 'Giao dịch không còn chờ ký (đã xử lý hoặc hết hạn).',
    en: 'The transaction is no longer waiting (done or expired).',
  },
  unblocked: { kind: 'ok', vi: 'Đã mở khóa PIN.', en: 'PIN unblocked.' },
  wrongPuk: { kind: 'err', vi: 'Sai mã PUK.', en: 'Wrong PUK.' },
  failed: { kind: 'err', vi: 'Lỗi khi ký.', en: 'Signing failed.' },
};

/** The digest itself, or the digest inside a DER DigestInfo (what real ETSI MSSPs take) of that algorithm. */
function digestOf(data: Buffer, hash: HashAlgorithm): Buffer {
  const prefix = hash.digestInfoPrefix;
  if (data.length === prefix.length + hash.length && data.subarray(0, prefix.length).equals(prefix))
    return data.subarray(prefix.length);
  return data;
}

export async function msspRoutes(app: FastifyInstance, opts: MsspRouteOptions): Promise<void> {
  const { approvals, faults, signerKeys, now } = opts;
  const sims = new Map<string, SimCard>();
  const simCard = (msisdn: string): SimCard => {
    let card = sims.get(msisdn);
    if (!card) {
      card = { failures: 0, blocked: false };
      sims.set(msisdn, card);
    }
    return card;
  };
  const pinBlocked = (sub: SimPkiSubscription): boolean =>
    sub.behaviour === 'pinBlocked' || simCard(sub.msisdn).blocked;

  // Errors of this plugin carry an ETSI status too.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const missing = error.validation.some((v) => v.keyword === 'required');
      return fail(reply, 'INVALID_REQUEST', missing ? 'MISSING_PARAM' : 'WRONG_PARAM', error.message);
    }
    if (error.statusCode && error.statusCode < 500)
      return fail(reply, 'INVALID_REQUEST', 'WRONG_PARAM', error.message);
    request.log.error({ err: error }, 'MSSP simulator failure');
    return fail(reply, 'INTERNAL', 'INTERNAL_ERROR');
  });

  app.post<{
    Body: {
      msisdn: string;
      dataToBeSigned: string;
      hashAlgorithm?: string;
      dataToBeDisplayed: string;
      apTransId: string;
    };
  }>(
    '/mssp/signature',
    {
      schema: {
        body: {
          type: 'object',
          required: ['msisdn', 'dataToBeSigned', 'dataToBeDisplayed', 'apTransId'],
          properties: {
            msisdn: { type: 'string', minLength: 1, maxLength: 20 },
            dataToBeSigned: { type: 'string', minLength: 1, maxLength: 200 },
            hashAlgorithm: { type: 'string', minLength: 1, maxLength: 40 },
            dataToBeDisplayed: { type: 'string', minLength: 1, maxLength: 500 },
            apTransId: { type: 'string', minLength: 1, maxLength: 64 },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const msisdn = toMsisdn(body.msisdn);
      if (!msisdn) return fail(reply, 'INVALID_REQUEST', 'WRONG_PARAM', 'msisdn: 84xxxxxxxxx');
      const hash = hashAlgorithmOf(body.hashAlgorithm ?? 'SHA-256');
      if (!hash)
        return fail(reply, 'INVALID_REQUEST', 'WRONG_PARAM', 'hashAlgorithm: SHA-256 | SHA-384 | SHA-512');
      const decoded = decodeBase64(body.dataToBeSigned);
      if (!decoded) return fail(reply, 'INVALID_REQUEST', 'WRONG_PARAM', 'dataToBeSigned: base64');
      const digest = digestOf(decoded, hash);
      if (digest.length !== hash.length)
        return fail(reply, 'INVALID_REQUEST', 'WRONG_DATA_LENGTH', `${hash.name}: ${hash.length} bytes`);
      const fault = faultFor(msisdn, MAGIC_MSISDN);
      if (fault) return faults.reply(fault, reply, { status: status('INTERNAL_ERROR') });
      const sub = findSimSubscription(msisdn);
      if (!sub) return fail(reply, 'SUBSCRIBER_NOT_FOUND', 'UNKNOWN_CLIENT', 'SIM ký số');
      if (sub.behaviour === 'noCertificate') return fail(reply, 'CERTIFICATE_NOT_FOUND', 'NO_CERT_FOUND');
      let initial: ApprovalState = 'waiting';
      if (sub.behaviour === 'userCancel') initial = 'rejected';
      else if (pinBlocked(sub)) initial = 'keyBlocked';
      const approval = approvals.create(
        { msisdn, apTransId: body.apTransId, hash, digest, display: body.dataToBeDisplayed },
        initial,
      );
      return {
        msspTransId: approval.id,
        apTransId: body.apTransId,
        msisdn,
        status: status('REQUEST_OK'),
      };
    },
  );

  app.get<{ Params: { msspTransId: string } }>('/mssp/status/:msspTransId', async (request, reply) => {
    const a = approvals.get(request.params.msspTransId);
    if (!a) return fail(reply, 'TRANSACTION_NOT_FOUND', 'WRONG_PARAM', 'msspTransId');
    const out: Record<string, unknown> = {
      msspTransId: a.id,
      apTransId: a.meta.apTransId,
      msisdn: a.meta.msisdn,
      status: status(STATE_STATUS[a.state]),
      expiresAt: new Date(a.expiresAt).toISOString(),
    };
    if (a.result) {
      out.hashAlgorithm = a.meta.hash.name;
      out.signature = a.result.signatures[0]?.toString('base64');
      out.certificate = Buffer.from(a.result.certificate).toString('base64');
      out.chain = a.result.chain.map((c) => Buffer.from(c).toString('base64'));
    }
    return out;
  });

  app.post<{ Body: { msisdn: string } }>(
    '/mssp/profile',
    {
      schema: {
        body: {
          type: 'object',
          required: ['msisdn'],
          properties: { msisdn: { type: 'string', minLength: 1, maxLength: 20 } },
        },
      },
    },
    async (request, reply) => {
      const msisdn = toMsisdn(request.body.msisdn);
      if (!msisdn) return fail(reply, 'INVALID_REQUEST', 'WRONG_PARAM', 'msisdn: 84xxxxxxxxx');
      const fault = faultFor(msisdn, MAGIC_MSISDN);
      if (fault) return faults.reply(fault, reply, { status: status('INTERNAL_ERROR') });
      const sub = findSimSubscription(msisdn);
      if (!sub) return fail(reply, 'SUBSCRIBER_NOT_FOUND', 'UNKNOWN_CLIENT', 'SIM ký số');
      // The magic SIMs that never sign (cancel, no answer, PIN blocked) have no certificate of their own either.
      if (!sub.holder) return { msisdn, status: status('NO_CERT_FOUND') };
      const signer = await signerKeys.get(sub.holder);
      return {
        msisdn,
        status: status('REQUEST_OK'),
        certificate: Buffer.from(signer.certificate).toString('base64'),
        chain: signer.chain.map((c) => Buffer.from(c).toString('base64')),
        serialNumber: signer.serialNumber,
      };
    },
  );

  // ——— the simulated phone ———

  const conditionOf = (msisdn: string): PhoneCondition => {
    const sub = findSimSubscription(msisdn);
    if (!sub) return 'notSubscribed';
    if (sub.behaviour === 'noAnswer') return 'unreachable';
    return pinBlocked(sub) ? 'pinBlocked' : 'ready';
  };
  const back = (reply: FastifyReply, msisdn: string, result: string) =>
    reply.code(303).header('location', `/phone/${msisdn}?result=${result}`).send();
  const waitingFor = (msisdn: string, id: string): Approval<MsspMeta> | undefined => {
    const a = approvals.get(id);
    return a && a.meta.msisdn === msisdn && a.state === 'waiting' ? a : undefined;
  };

  app.get<{ Params: { msisdn: string }; Querystring: { result?: string } }>(
    '/phone/:msisdn',
    async (request, reply) => {
      const msisdn = toMsisdn(request.params.msisdn);
      if (!msisdn)
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send('Số điện thoại không hợp lệ / Invalid number');
      if (msisdn !== request.params.msisdn)
        return reply.code(302).header('location', `/phone/${msisdn}`).send();
      const condition = conditionOf(msisdn);
      const requests = condition === 'ready' ? approvals.waiting((m) => m.msisdn === msisdn) : [];
      const flashKey = request.query.result;
      return sendPage(
        reply,
        PhonePage({
          msisdn,
          condition,
          flash: flashKey && Object.hasOwn(PHONE_FLASH, flashKey) ? PHONE_FLASH[flashKey] : undefined,
          requests: requests.map((a) => ({
            id: a.id,
            display: a.meta.display,
            detail: `${a.meta.hash.name}, AP ${a.meta.apTransId}`,
            secondsLeft: Math.max(0, Math.ceil((a.expiresAt - now()) / 1000)),
          })),
        }),
      );
    },
  );

  const formSchema = (field: 'pin' | null) => ({
    body: {
      type: 'object',
      required: field ? ['transactionId', field] : ['transactionId'],
      properties: {
        transactionId: { type: 'string', maxLength: 64 },
        ...(field ? { [field]: { type: 'string', maxLength: 16 } } : {}),
      },
    },
  });

  app.post<{ Params: { msisdn: string }; Body: { transactionId: string; pin: string } }>(
    '/phone/:msisdn/approve',
    { schema: formSchema('pin') },
    async (request, reply) => {
      const msisdn = toMsisdn(request.params.msisdn);
      const sub = msisdn ? findSimSubscription(msisdn) : undefined;
      if (!msisdn || !sub?.holder || sub.behaviour === 'noAnswer')
        return reply.code(404).type('text/plain; charset=utf-8').send('Không có SIM ký số / No SIM-PKI SIM');
      const a = waitingFor(msisdn, request.body.transactionId);
      if (!a) return back(reply, msisdn, 'gone');
      const card = simCard(msisdn);
      if (card.blocked) {
        approvals.settle(a, 'keyBlocked');
        return back(reply, msisdn, 'blocked');
      }
      if (request.body.pin !== SIM_PIN) {
        card.failures += 1;
        if (card.failures >= SIM_PIN_ATTEMPTS) {
          card.blocked = true;
          approvals.settle(a, 'keyBlocked');
          return back(reply, msisdn, 'blocked');
        }
        a.pinFailures += 1;
        return back(reply, msisdn, 'wrongPin');
      }
      card.failures = 0;
      return back(
        reply,
        msisdn,
        await signApproval(approvals, a, signerKeys, sub.holder, a.meta.hash, [a.meta.digest], request.log),
      );
    },
  );

  app.post<{ Params: { msisdn: string }; Body: { transactionId: string } }>(
    '/phone/:msisdn/reject',
    { schema: formSchema(null) },
    async (request, reply) => {
      const msisdn = toMsisdn(request.params.msisdn);
      if (!msisdn)
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send('Số điện thoại không hợp lệ / Invalid number');
      const a = waitingFor(msisdn, request.body.transactionId);
      if (!a) return back(reply, msisdn, 'gone');
      approvals.settle(a, 'rejected');
      return back(reply, msisdn, 'rejected');
    },
  );

  app.post<{ Params: { msisdn: string }; Body: { puk: string } }>(
    '/phone/:msisdn/unblock',
    {
      schema: {
        body: { type: 'object', required: ['puk'], properties: { puk: { type: 'string', maxLength: 16 } } },
      },
    },
    async (request, reply) => {
      const msisdn = toMsisdn(request.params.msisdn);
      const sub = msisdn ? findSimSubscription(msisdn) : undefined;
      if (!msisdn || !sub || sub.behaviour !== 'normal')
        return reply.code(404).type('text/plain; charset=utf-8').send('Không có SIM ký số / No SIM-PKI SIM');
      if (request.body.puk !== SIM_PUK) return back(reply, msisdn, 'wrongPuk');
      sims.set(msisdn, { failures: 0, blocked: false });
      return back(reply, msisdn, 'unblocked');
    },
  );
}
