#!/usr/bin/env node
import { runCli } from './cli/program';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 }).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  },
);
