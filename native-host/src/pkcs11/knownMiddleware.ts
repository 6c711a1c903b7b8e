/**
 * PKCS#11 modules of the token middleware used in Vietnam, per OS. Data only:
 * add a vendor or a file name here and discovery, `doctor` and the docs follow.
 *
 * Windows names come from vendor web plugins and integrators' lists (the
 * middleware installs them in System32). macOS names are those vendor
 * JavaScript passes to its plugin. Linux names are Feitian's ePass2003 /
 * ePass3003 libraries (most Vietnamese tokens are Feitian rebrands); vendors
 * publish no Linux names, so Linux users add theirs in the config file.
 */
export interface MiddlewareEntry {
  /** Who ships it (shown by `doctor`). */
  vendor: string;
  /** File names looked up in the Windows system folders. */
  windows: readonly string[];
  /** File names looked up in the macOS library folders. */
  darwin: readonly string[];
  /** File names looked up in the Linux library folders. */
  linux: readonly string[];
}

export const VIETNAMESE_MIDDLEWARE: readonly MiddlewareEntry[] = [
  {
    vendor: 'VNPT-CA',
    windows: [
      'vnptca_p11_v8.dll',
      'vnptca_p11_v81.dll',
      'vnptca_p11_v10.dll',
      'vnptca_p11_v7.dll',
      'vnptca_p11_v6.dll',
      'vnptca_p11_v5.dll',
      'vnpt-ca_csp11.dll',
      'vnptcav2_p11_v8.dll',
      'vnpt-ca_cl_v1.dll',
      'VNPT-CA_v34.dll',
      'VNPTCACardv8csp11.dll',
      'gclib.dll',
    ],
    darwin: [],
    linux: [],
  },
  {
    vendor: 'Viettel-CA',
    windows: ['viettel-ca_v6.dll', 'viettel-ca_v5.dll', 'viettel-ca_v4.dll', 'viettel-ca_v2.dll'],
    darwin: ['viettel-ca_v6.dylib', 'viettel-ca_v5.dylib', 'viettel-ca_v4.dylib', 'viettel-ca_v2.dylib'],
    linux: [],
  },
  {
    vendor: 'FPT-CA',
    windows: ['fptca_v4.dll', 'fptca_v3.dll'],
    darwin: ['fptca_v4.dylib', 'fptca_v3.dylib'],
    linux: [],
  },
  { vendor: 'BkavCA', windows: ['BkavCA.dll'], darwin: [], linux: [] },
  {
    vendor: 'Ban Cơ yếu Chính phủ (VGCA)',
    windows: ['CA2_csp11.dll'],
    darwin: [],
    linux: [],
  },
  { vendor: 'NC-CA (Newtel)', windows: ['ncca_csp11_v1.dll'], darwin: [], linux: [] },
  { vendor: 'Vina-CA', windows: ['vina-ca_v5.dll'], darwin: [], linux: [] },
  {
    vendor: 'Feitian ePass2003 (generic)',
    windows: ['eps2003csp11.dll'],
    darwin: [],
    linux: ['libcastle.so.1.0.0'],
  },
  {
    vendor: 'Feitian ePass3003 (generic)',
    windows: ['ShuttleCsp11_3003.dll'],
    darwin: [],
    linux: ['libshuttle_p11v220.so.1.0.0'],
  },
];

/** Folders searched for the names above. */
export const MIDDLEWARE_FOLDERS: Readonly<Record<'windows' | 'darwin' | 'linux', readonly string[]>> = {
  windows: ['%SystemRoot%\\System32'],
  darwin: ['/usr/local/lib', '/Library/Frameworks', '/usr/lib'],
  linux: [
    '/usr/lib',
    '/usr/local/lib',
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib64',
  ],
};

/** Generic modules tried after the Vietnamese middleware: OpenSC, then SoftHSM. */
export const GENERIC_MODULES: Readonly<
  Record<'windows' | 'darwin' | 'linux', readonly { vendor: string; paths: readonly string[] }[]>
> = {
  windows: [
    {
      vendor: 'OpenSC',
      paths: [
        '%ProgramFiles%\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll',
        '%SystemRoot%\\System32\\opensc-pkcs11.dll',
      ],
    },
    { vendor: 'SoftHSM', paths: ['C:\\SoftHSM2\\lib\\softhsm2-x64.dll', 'C:\\SoftHSM2\\lib\\softhsm2.dll'] },
  ],
  darwin: [
    {
      vendor: 'OpenSC',
      paths: [
        '/Library/OpenSC/lib/opensc-pkcs11.so',
        '/opt/homebrew/lib/opensc-pkcs11.so',
        '/usr/local/lib/opensc-pkcs11.so',
      ],
    },
    {
      vendor: 'SoftHSM',
      paths: ['/opt/homebrew/lib/softhsm/libsofthsm2.so', '/usr/local/lib/softhsm/libsofthsm2.so'],
    },
  ],
  linux: [
    {
      vendor: 'OpenSC',
      paths: [
        '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
        '/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so',
        '/usr/lib64/opensc-pkcs11.so',
        '/usr/lib/opensc-pkcs11.so',
        '/usr/local/lib/opensc-pkcs11.so',
      ],
    },
    {
      vendor: 'SoftHSM',
      paths: [
        '/usr/lib/softhsm/libsofthsm2.so',
        '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
        '/usr/lib64/softhsm/libsofthsm2.so',
        '/usr/local/lib/softhsm/libsofthsm2.so',
      ],
    },
  ],
};
