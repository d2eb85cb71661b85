import type { InvocationContext } from '@azure/functions';
import type { TraceSeverity } from './telemetry/AppTelemetry';
import { type OrchestrationIdentity, trackOrchestrationTrace } from './telemetry/orchestrationTelemetry';

type LogMethod = (...args: unknown[]) => void;

/**
 * Logging methods that stay silent while an orchestrator replays, so each message appears once;
 * with telemetry on (see setupTelemetry) each message also goes to Application Insights as a trace.
 */
export interface ReplaySafeLogger {
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}

/** The parts of an `OrchestrationContext` the logger needs; a plain object will do in tests. */
export type ReplayAwareContext = Pick<InvocationContext, 'trace' | 'debug' | 'info' | 'warn' | 'error'> &
  Partial<Pick<InvocationContext, 'functionName' | 'invocationId'>> & {
    df: OrchestrationIdentity['df'] & { readonly isReplaying: boolean };
  };

export function replaySafeLogger(context: ReplayAwareContext): ReplaySafeLogger {
  // isReplaying flips to false part-way through an execution, so it is read at each call, not once here.
  const unlessReplaying =
    (log: LogMethod, severity: TraceSeverity): LogMethod =>
    (...args) => {
      if (!context.df.isReplaying) {
        log.apply(context, args);
        trackOrchestrationTrace(context, severity, args);
      }
    };
  return {
    trace: unlessReplaying(context.trace, 'Verbose'),
    debug: unlessReplaying(context.debug, 'Verbose'),
    info: unlessReplaying(context.info, 'Information'),
    warn: unlessReplaying(context.warn, 'Warning'),
    error: unlessReplaying(context.error, 'Error'),
  };
}
