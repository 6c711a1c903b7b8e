#!/usr/bin/env node
// kyso-host: the Kyso native messaging host and its install/uninstall/doctor commands.
import { main } from '../dist/cli/main.js';

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
