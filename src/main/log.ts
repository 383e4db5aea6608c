import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Field names that may carry identity numbers or secrets. pino replaces their
 * values before anything is written, so a careless log call cannot leak them.
 */
const redactPaths = [
  'identityNumber',
  'personnummer',
  'cpr',
  'password',
  'pin',
  'credential',
  'token',
].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export interface LoggerOptions {
  level?: pino.LevelWithSilent;
  /** Where lines go; stdout when unset. */
  destination?: DestinationStream;
}

export function createRootLogger({ level = 'info', destination }: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'lanedisk' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** One child logger a module, named after it. */
export function moduleLogger(root: Logger, module: string): Logger {
  return root.child({ module });
}
