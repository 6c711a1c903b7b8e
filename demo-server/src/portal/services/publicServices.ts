/**
 * The catalogue of public services the national portal lists ("Tra cứu dịch vụ công"): each procedure
 * with its agency and the address where it is done online. The Ministry of Public Security's procedures
 * are served by the ministry portal (Cổng DVC Bộ Công an) at `/thu-tuc/<code>` (SSO contract, issue #6).
 */

export interface Text {
  vi: string;
  en: string;
}

export interface Agency {
  code: string;
  name: Text;
}

export interface PublicService {
  /** The ministry portal's procedure code (path segment of `/thu-tuc/<code>`). */
  code: string;
  name: Text;
  /** What the procedure is for, one sentence. */
  summary: Text;
  agency: Agency;
  /** "Toàn trình" (fully online) or "một phần" (partly online). */
  online: 'full' | 'partial';
  /** Where the procedure is done online. */
  url: string;
}

export const BO_CONG_AN: Agency = {
  code: 'BCA',
  name: { vi: 'Bộ Công an', en: 'Ministry of Public Security' },
};

/** The procedures, given the ministry portal's public origin. */
export function publicServices(ministryOrigin: string): PublicService[] {
  const at = (code: string) => `${ministryOrigin}/thu-tuc/${code}`;
  return [
    {
      code: 'cap-ho-chieu-pho-thong',
      name: { vi: 'Cấp hộ chiếu phổ thông', en: 'Issuance of an ordinary passport' },
      summary: {
        vi: 'Cấp hộ chiếu phổ thông lần đầu hoặc cấp lại cho công dân Việt Nam ở trong nước.',
        en: 'First issuance or renewal of an ordinary passport for Vietnamese citizens in the country.',
      },
      agency: BO_CONG_AN,
      online: 'full',
      url: at('cap-ho-chieu-pho-thong'),
    },
    {
      code: 'dang-ky-thuong-tru',
      name: { vi: 'Đăng ký thường trú', en: 'Registration of permanent residence' },
      summary: {
        vi: 'Đăng ký nơi thường trú theo Luật Cư trú.',
        en: 'Registration of the permanent place of residence under the Law on Residence.',
      },
      agency: BO_CONG_AN,
      online: 'full',
      url: at('dang-ky-thuong-tru'),
    },
  ];
}
