import type { LoggerService, LogLevel } from '@nestjs/common';

/**
 * One JSON object per line ({time, level, context, message, pid}) for log collectors
 * (LOG_FORMAT=json).
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly levels: LogLevel[]) {}

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.levels.includes(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const line = {
      time: new Date().toISOString(),
      level,
      context,
      message:
        message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message),
      ...(level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? { stack: rest[0] } : {}),
      pid: process.pid,
    };
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${JSON.stringify(line)}\n`);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
}
