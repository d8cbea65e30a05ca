#!/usr/bin/env node
// npm run backtest -- --strategy <name> [--data file.csv | --synthetic] [--bars N] [--seed N] [--out dir]
import { runBacktestCommand } from './backtest-command.js';

const { exitCode } = runBacktestCommand(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = exitCode;
