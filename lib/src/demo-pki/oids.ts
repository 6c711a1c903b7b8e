/** Object identifiers of the demo PKI: the standard ones (the cert module's table) and the documented demo policy arc. */

export { OID } from '../cert/oidNames.js';

/**
 * Demo certificate policies. They live under 2.16.704.1.9999, a branch of the Vietnam
 * country arc (2.16.704) that no real CA uses, so they can never be mistaken for a real policy.
 */
export const DEMO_POLICY = {
  /** Public licensed CA, personal certificate (cá nhân). */
  personal: '2.16.704.1.9999.1.1',
  /** Public licensed CA, organization certificate (tổ chức, doanh nghiệp). */
  organization: '2.16.704.1.9999.1.2',
  /** Public licensed CA, person inside an organization (cá nhân thuộc tổ chức). */
  personInOrganization: '2.16.704.1.9999.1.3',
  /** Government specialized PKI (chuyên dùng công vụ), shaped like VGCA's 2.16.704.1.1.1.1.1. */
  government: '2.16.704.1.9999.2.1.1.1.1',
} as const;
