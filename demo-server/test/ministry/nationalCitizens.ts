/** Citizens with a national-portal account that several ministry suites seed (`seedNationalAccount`). */

/** Nguyễn Văn An: also holds a ministry account (the demo BCA accounts), so his first arrival asks to link. */
export const AN = {
  subject: 'congDan' as const,
  idNumber: '001090012345',
  fullName: 'Nguyễn Văn An',
  phone: '0912345678',
  email: 'an.nguyenvan@kyso-demo.example',
};

/** Phạm Văn Sơn: no ministry account; his first arrival creates one (without a password). */
export const SON = {
  subject: 'congDan' as const,
  idNumber: '001099004004',
  fullName: 'Phạm Văn Sơn',
  phone: '0912000444',
  email: 'son.phamvan@kyso-demo.example',
};
