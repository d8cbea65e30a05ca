import { ConsoleLogger } from '@nestjs/common';
import type { LogLevel } from '@nestjs/common';

const LEVELS_FROM: Record<string, LogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Structured JSON logs, one object per line, tagged with the service name. */
export function createJsonLogger(serviceName: string, level: string): ConsoleLogger {
  return new ConsoleLogger(serviceName, {
    json: true,
    colors: false,
    logLevels: LEVELS_FROM[level] ?? LEVELS_FROM.log!,
  });
}
