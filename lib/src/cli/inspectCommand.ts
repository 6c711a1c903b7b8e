/** `kyso inspect <certificate-file> [--json] [--lang en]` */

import type { CertificateDescription } from '../cert/parseCertificate.js';
import { parseCertificate } from '../cert/parseCertificate.js';
import type { Lang } from '../protocol/errorCodes.js';
import { describeCertificateFields } from './certificateFields.js';
import { CliUsageError, EXIT } from './cliUsage.js';
import type { CliIo } from './main.js';
import { readInputFile } from './main.js';
import { renderTable } from './terminalTable.js';

export async function inspectCommand(
  positionals: readonly string[],
  opts: { json: boolean; lang: Lang },
  io: CliIo,
): Promise<number> {
  if (positionals.length !== 1)
    throw new CliUsageError(
      'Cần đúng một tệp chứng thư: kyso inspect <tệp-chứng-thư>',
      'Give exactly one certificate file: kyso inspect <certificate-file>',
    );
  const file = positionals[0]!;
  const bytes = await readInputFile(file, { vi: 'tệp chứng thư', en: 'certificate file' });
  const text = new TextDecoder().decode(bytes);
  const input = /^\s*-----BEGIN|^[\sA-Za-z0-9+/=]+$/.test(text) ? text : bytes;
  let cert: CertificateDescription;
  try {
    cert = parseCertificate(input);
  } catch (e) {
    throw new CliUsageError(
      `"${file}" không phải chứng thư số hợp lệ (DER, PEM hoặc base64): ${(e as Error).message}`,
      `"${file}" is not a valid certificate (DER, PEM or base64): ${(e as Error).message}`,
    );
  }
  if (opts.json) {
    io.stdout(`${JSON.stringify(cert.toJSON(), null, 2)}\n`);
    return EXIT.ok;
  }
  const title = opts.lang === 'vi' ? 'Chứng thư số' : 'Certificate';
  io.stdout(`${title}: ${file}\n${renderTable(null, describeCertificateFields(cert, opts.lang))}\n`);
  return EXIT.ok;
}
