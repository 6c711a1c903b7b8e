/**
 * The `kyso` command line: `inspect` and `verify`. Node only (not exported from the browser entry).
 * Never prints a stack trace for bad input: usage and input errors exit with 2 and a clear message.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Lang } from '../protocol/errorCodes.js';
import { isKysoError } from '../protocol/kysoError.js';
import { CliUsageError, EXIT, USAGE } from './cliUsage.js';
import { inspectCommand } from './inspectCommand.js';
import { verifyCommand } from './verifyCommand.js';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const VERSION = '0.1.0';

function pickLang(argv: readonly string[]): Lang {
  const i = argv.indexOf('--lang');
  const v = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  return v === 'en' ? 'en' : 'vi';
}

export async function readInputFile(path: string, what: { vi: string; en: string }): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const reason =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'không tồn tại / does not exist' : String(e);
    throw new CliUsageError(
      `Không đọc được ${what.vi} "${path}": ${reason}`,
      `Cannot read ${what.en} "${path}": ${reason}`,
    );
  }
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const lang = pickLang(argv);
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(`${USAGE[lang]}\n`);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: [...rest],
        allowPositionals: true,
        options: {
          json: { type: 'boolean', default: false },
          lang: { type: 'string' },
          content: { type: 'string' },
          trust: { type: 'string', multiple: true },
          intermediate: { type: 'string', multiple: true },
          time: { type: 'string' },
          offline: { type: 'boolean', default: false },
        },
      });
    } catch (e) {
      throw new CliUsageError(`Tham số không hợp lệ: ${(e as Error).message}`, (e as Error).message);
    }
    const opts = { ...parsed.values, lang } as {
      json: boolean;
      lang: Lang;
      content?: string;
      trust?: string[];
      intermediate?: string[];
      time?: string;
      offline: boolean;
    };
    const positionals = parsed.positionals;
    if (command === 'inspect') return await inspectCommand(positionals, opts, io);
    if (command === 'verify') return await verifyCommand(positionals, opts, io);
    io.stderr(`${USAGE[lang]}\n\n`);
    throw new CliUsageError(`Không có lệnh "${command}".`, `Unknown command "${command}".`);
  } catch (e) {
    if (e instanceof CliUsageError) {
      io.stderr(`kyso: ${e.text(lang)}\n`);
      return EXIT.usage;
    }
    if (isKysoError(e)) {
      io.stderr(`kyso: ${e.userMessage(lang)} (${e.code}: ${e.message})\n`);
      return EXIT.usage;
    }
    io.stderr(
      `kyso: ${lang === 'vi' ? 'lỗi không mong muốn' : 'unexpected error'}: ${(e as Error)?.message ?? e}\n`,
    );
    return EXIT.usage;
  }
}
