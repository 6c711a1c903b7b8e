/** `kyso-host <command>`: the commands other than running the host. */
export const USAGE = `kyso-host — phần mềm Kyso nối tiện ích trình duyệt với USB token / Kyso native host

  kyso-host                 chạy native host (trình duyệt tự khởi động) / run the host (started by the browser)
  kyso-host help            hướng dẫn này / this help
`;

export async function runCommand(command: string, _args: readonly string[]): Promise<number> {
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stderr.write(`Lệnh không rõ / unknown command: ${command}\n${USAGE}`);
  return 2;
}
