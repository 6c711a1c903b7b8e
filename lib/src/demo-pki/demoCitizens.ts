/**
 * The fictional people and organizations of the Kyso demo (names, CCCD/CMND numbers,
 * tax codes, addresses). Everything here is invented but shaped like real Vietnamese data:
 * CCCD = PPP (province code) + G (gender/century) + YY (birth year) + 6-digit serial;
 * MST check digits are valid; organization names carry "DEMO".
 * The demo PKI issues its certificates from these records, and the demo server uses the
 * same citizens, so a certificate and a portal account always describe the same person.
 */

export interface DemoCitizen {
  readonly id: string;
  readonly fullName: string;
  readonly gender: 'male' | 'female';
  /** ISO date, YYYY-MM-DD. */
  readonly birthDate: string;
  /** 12-digit citizen identity number (căn cước công dân / số định danh cá nhân). */
  readonly cccd?: string;
  /** Old 9-digit identity card number (chứng minh nhân dân). */
  readonly cmnd?: string;
  /** Province or centrally-run city (ST). */
  readonly province: string;
  /** Ward or commune (L). */
  readonly locality: string;
  /** Domestic mobile number, 0 + 9 digits. */
  readonly phone?: string;
  readonly email?: string;
}

export interface DemoOrganization {
  readonly id: string;
  /** Legal name (O or CN). */
  readonly name: string;
  /** 10-digit tax code with a valid check digit. */
  readonly mst?: string;
  /** Budget-unit code (mã đơn vị có quan hệ với ngân sách), 7 digits. */
  readonly mns?: string;
  /** Parent body, for budget units and state agencies (O when the unit itself is the CN). */
  readonly parent?: string;
  /** Organizational units, outermost first. */
  readonly units?: readonly string[];
  readonly province: string;
  readonly locality: string;
  readonly email?: string;
}

export const DEMO_CITIZENS = {
  an: {
    id: 'an',
    fullName: 'Nguyễn Văn An',
    gender: 'male',
    birthDate: '1990-03-15',
    cccd: '001090012345',
    province: 'Hà Nội',
    locality: 'Phường Ba Đình',
    phone: '0912345678',
    email: 'an.nguyenvan@kyso-demo.example',
  },
  binh: {
    id: 'binh',
    fullName: 'Trần Thị Bình',
    gender: 'female',
    birthDate: '1975-11-02',
    cmnd: '012875341',
    province: 'Hà Nội',
    locality: 'Phường Cầu Giấy',
  },
  cuong: {
    id: 'cuong',
    fullName: 'Lê Hoàng Cường',
    gender: 'male',
    birthDate: '1985-07-21',
    cccd: '079085001234',
    province: 'Thành phố Hồ Chí Minh',
    locality: 'Phường Sài Gòn',
    phone: '0903123456',
  },
  dung: {
    id: 'dung',
    fullName: 'Phạm Thị Dung',
    gender: 'female',
    birthDate: '1992-01-09',
    cccd: '048192004567',
    province: 'Đà Nẵng',
    locality: 'Phường Hải Châu',
    email: 'dung.phamthi@songhan-demo.example',
  },
  hai: {
    id: 'hai',
    fullName: 'Hoàng Văn Hải',
    gender: 'male',
    birthDate: '1980-05-30',
    cccd: '036080002345',
    province: 'Hà Nội',
    locality: 'Phường Hoàn Kiếm',
    email: 'hai.hoangvan@mof-demo.example',
  },
  hoa: {
    id: 'hoa',
    fullName: 'Vũ Thị Hoa',
    gender: 'female',
    birthDate: '1988-09-12',
    cccd: '031188003456',
    province: 'Hải Phòng',
    locality: 'Phường Hồng Bàng',
  },
  khoa: {
    id: 'khoa',
    fullName: 'Đặng Minh Khoa',
    gender: 'male',
    birthDate: '2001-12-04',
    cccd: '038201005678',
    province: 'Thanh Hóa',
    locality: 'Phường Hạc Thành',
  },
  lan: {
    id: 'lan',
    fullName: 'Bùi Thị Lan',
    gender: 'female',
    birthDate: '1995-04-18',
    cccd: '040195006789',
    province: 'Nghệ An',
    locality: 'Phường Trường Vinh',
  },
  minh: {
    id: 'minh',
    fullName: 'Đỗ Quang Minh',
    gender: 'male',
    birthDate: '1978-08-08',
    cccd: '046078007890',
    province: 'Huế',
    locality: 'Phường Thuận Hóa',
  },
  ngoc: {
    id: 'ngoc',
    fullName: 'Ngô Thị Ngọc',
    gender: 'female',
    birthDate: '1999-02-25',
    cccd: '092199008901',
    province: 'Cần Thơ',
    locality: 'Phường Ninh Kiều',
  },
} as const satisfies Record<string, DemoCitizen>;

export const DEMO_ORGANIZATIONS = {
  kysoSoftware: {
    id: 'kysoSoftware',
    name: 'CÔNG TY TNHH PHẦN MỀM KYSO DEMO',
    mst: '0105684325',
    province: 'Hà Nội',
    locality: 'Phường Cầu Giấy',
    email: 'lienhe@kyso-demo.example',
  },
  songHanTrading: {
    id: 'songHanTrading',
    name: 'CÔNG TY CỔ PHẦN THƯƠNG MẠI SÔNG HÀN DEMO',
    mst: '0401267547',
    province: 'Đà Nẵng',
    locality: 'Phường Hải Châu',
  },
  hoaSenSchool: {
    id: 'hoaSenSchool',
    name: 'Trường Tiểu học Hoa Sen (DEMO)',
    mst: '0402145679',
    mns: '1098765',
    parent: 'ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU (DEMO)',
    province: 'Đà Nẵng',
    locality: 'Phường Hải Châu',
    email: 'thhoasen@danang-demo.example',
  },
  taxDepartment: {
    id: 'taxDepartment',
    name: 'Bộ Tài chính (DEMO)',
    units: ['Cục Thuế'],
    province: 'Hà Nội',
    locality: 'Phường Hoàn Kiếm',
  },
} as const satisfies Record<string, DemoOrganization>;

export type DemoCitizenId = keyof typeof DEMO_CITIZENS;
export type DemoOrganizationId = keyof typeof DEMO_ORGANIZATIONS;
