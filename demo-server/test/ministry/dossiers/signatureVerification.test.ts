/** The verification behind the report: who may sign for an account, and revocation always attempted. */

import { parseCertificate } from '@kyso/lib';
import { type DemoPki, generateDemoPki, loadDemoPki } from '@kyso/lib/demo-pki';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedSignerIds,
  certificateNamesHolder,
  verifyDossierSignature,
} from '../../../src/ministry/dossiers/signatureVerification.js';
import { createSimulatorsApp } from '../../../src/simulators/index.js';
import { freePort, signAs } from './dossierTestKit.js';

let pki: DemoPki;
beforeAll(async () => {
  pki = await loadDemoPki();
});

describe('the account holder as signer', () => {
  it('a citizen signs with the CCCD, or the old CMND the national portal sent; a business with its MST', () => {
    const citizen = parseCertificate(pki.identities.citizen.certificate);
    const binh = parseCertificate(pki.identities.citizenCmnd.certificate);
    const business = parseCertificate(pki.identities.business.certificate);
    const an = acceptedSignerIds({ subject: 'congDan', idNumber: '001090012345', nationalClaims: null });
    expect(certificateNamesHolder(citizen, an)).toBe(true);
    expect(certificateNamesHolder(binh, an)).toBe(false);
    const withCmnd = acceptedSignerIds({
      subject: 'congDan',
      idNumber: '001175009876',
      nationalClaims: { SoCMND: '012875341' },
    });
    expect(certificateNamesHolder(binh, withCmnd)).toBe(true);
    const kyso = acceptedSignerIds({ subject: 'doanhNghiep', idNumber: '0105684325', nationalClaims: null });
    expect(certificateNamesHolder(business, kyso)).toBe(true);
    // A person's certificate never signs for a business, even one whose MST digits it carried.
    expect(certificateNamesHolder(citizen, kyso)).toBe(false);
  });
});

describe('verifyDossierSignature', () => {
  it('checks revocation over HTTP at the certificate’s own OCSP URL when the trust names no fetcher', async () => {
    // A demo PKI whose certificates name this test's simulators for OCSP and CRLs.
    const port = await freePort();
    const local = await generateDemoPki({ baseUrl: `http://127.0.0.1:${port}/pki` });
    const simulators = createSimulatorsApp({ demoPki: local });
    await simulators.listen({ host: '127.0.0.1', port });
    try {
      const declaration = new TextEncoder().encode('{"a":"b"}');
      const verify = async (identity: 'citizen' | 'revoked', idNumber: string) =>
        verifyDossierSignature({
          declaration,
          cms: await signAs(local.identities[identity], declaration),
          trust: {
            anchors: [local.roots.national],
            intermediates: Object.values(local.cas).map((ca) => ca.certificate),
          },
          time: new Date(),
          expectedSigner: { types: ['CCCD'], values: [idNumber] },
        });
      const good = await verify('citizen', '001090012345');
      expect(good.revocation).toBe('good');
      expect(good.valid).toBe(true);
      expect(good.issuer?.name).toBe('DEMO VNPT-CA SHA-256');
      expect(good.signer?.identifiers).toEqual([{ type: 'CCCD', value: '001090012345' }]);
      const revoked = await verify('revoked', local.identities.revoked.person?.cccd ?? '');
      expect(revoked.revocation).toBe('revoked');
      expect(revoked.revokedAt).not.toBeNull();
      expect(revoked.validAtSigningTime).toBe(false);
      expect(revoked.valid).toBe(false);
    } finally {
      simulators.server.closeAllConnections();
      await simulators.close();
    }
  });
});
