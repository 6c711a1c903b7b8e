/** Process entry of the `kyso` bin (`lib/bin/kyso.js` loads the built copy of this file). */
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
