/**
 * Signing in with a verified certificate (USB ký số, SIM ký số, Chữ ký số cá nhân): the account named by
 * the certificate's identifier (CCCD/CMND or MST; `cqnn:`-keyed State-agency accounts for government
 * certificates), the certificate bound to it on first use (a renewed certificate for the same identifier),
 * and the audit entry, which the caller records with the flow's save (FlowAudit).
 */
import type { AuthTokenVerification } from '@kyso/lib';
import type { PortalDb } from '../db/connect.js';
import { precompiledQuery } from '../db/precompiledQuery.js';
import type { Subject } from '../db/schema.js';
import type { MessageCode } from '../i18n/messages.js';
import type { PortalContext } from '../portalContext.js';
import { isGovernmentPath, loginSubjects } from './certificateAuthority.js';
import type { FlowAudit } from './flowStore.js';
import { certificateIdentity } from './usbRegistration.js';

/** One round trip, compiled once: the account, and whether this certificate is bound yet (to any account). */
const accountAndBinding = precompiledQuery(
  3,
  (db: PortalDb, thumbprint: string, username: string, subject: Subject) =>
    db
      .selectFrom('accounts')
      .leftJoin('accountCertificates', (join) => join.on('accountCertificates.thumbprint', '=', thumbprint))
      .select(['accounts.id as id', 'accountCertificates.accountId as boundTo'])
      .where('accounts.username', '=', username)
      .where('accounts.subject', '=', subject),
);

/** A step that signed someone in: the account, and its audit entry (recorded with the flow's save). */
export interface SignedIn {
  accountId: string;
  audit: FlowAudit;
}

export type CertificateLoginMethod = 'usbKySo' | 'simKySo' | 'chuKySoCaNhan';

/** The account signed in and its `login.succeeded` entry, or the message when the certificate names no account. */
export async function signInWithCertificate(
  ctx: PortalContext,
  ip: string,
  method: CertificateLoginMethod,
  verified: Pick<AuthTokenVerification, 'description' | 'subjectType' | 'identifiers'>,
  path: readonly Uint8Array[],
): Promise<({ ok: true } & SignedIn) | { ok: false; code: MessageCode }> {
  const subjects = loginSubjects(isGovernmentPath(ctx.trust, path));
  for (const subject of subjects) {
    const info = certificateIdentity(subject, verified);
    if (!info) continue;
    const account = await accountAndBinding.first(ctx.db, info.thumbprint, info.username, subject);
    if (!account) continue;
    // Bound on first use only: a read on every later login instead of a write (the insert still ignores a
    // binding another instance made in between).
    if (account.boundTo === null)
      await ctx.db
        .insertInto('accountCertificates')
        .values({
          thumbprint: info.thumbprint,
          accountId: account.id,
          issuer: info.issuer,
          serialNumber: info.serialNumber,
          subject: info.subject,
          notAfter: info.notAfter,
          createdAt: ctx.clock(),
        })
        .onConflict((oc) => oc.column('thumbprint').doNothing())
        .execute();
    return {
      ok: true,
      accountId: account.id,
      audit: {
        event: 'login.succeeded',
        accountId: account.id,
        ip,
        detail: { method, certificate: info.thumbprint },
      },
    };
  }
  // The holder proved possession of this certificate, so saying there is no account reveals nothing.
  return { ok: false, code: method === 'usbKySo' ? 'USB_NO_ACCOUNT' : 'CERT_NO_ACCOUNT' };
}
