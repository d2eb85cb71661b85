import type { InvocationContext } from '@azure/functions';

type LogMethod = (...args: unknown[]) => void;

/** Logging methods that stay silent while an orchestrator replays, so each message appears once. */
export interface ReplaySafeLogger {
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}

/** The parts of an `OrchestrationContext` the logger needs; a plain object will do in tests. */
export type ReplayAwareContext = Pick<InvocationContext, 'trace' | 'debug' | 'info' | 'warn' | 'error'> & {
  df: { readonly isReplaying: boolean };
};

export function replaySafeLogger(context: ReplayAwareContext): ReplaySafeLogger {
  // isReplaying flips to false part-way through an execution, so it is read at each call, not once here.
  const unlessReplaying =
    (log: LogMethod): LogMethod =>
    (...args) => {
      if (!context.df.isReplaying) {
        log.apply(context, args);
      }
    };
  return {
    trace: unlessReplaying(context.trace),
    debug: unlessReplaying(context.debug),
    info: unlessReplaying(context.info),
    warn: unlessReplaying(context.warn),
    error: unlessReplaying(context.error),
  };
}
