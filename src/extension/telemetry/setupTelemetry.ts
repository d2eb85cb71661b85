import type { AppTelemetry } from './AppTelemetry';
import { applicationInsightsTelemetry } from './applicationInsightsTelemetry';
import { recordInvocations } from './invocationHooks';
import { installTracePropagation } from './invocationTrace';

export const CONNECTION_STRING_SETTING = 'APPLICATIONINSIGHTS_CONNECTION_STRING';

// undefined until setupTelemetry runs; null when it ran without the setting.
let active: AppTelemetry | null | undefined;

/**
 * Switches telemetry on at app load when APPLICATIONINSIGHTS_CONNECTION_STRING is set: requests of
 * HTTP functions, exceptions of failed functions, traces of replay-safe loggers and orchestration
 * durations go to Application Insights, flushed when the app stops. Without the setting it does
 * nothing. Safe to call from every entry file; returns whether telemetry is on.
 */
export function setupTelemetry(): boolean {
  if (active === undefined) {
    const connectionString = process.env[CONNECTION_STRING_SETTING]?.trim();
    active = connectionString ? start(connectionString) : null;
  }
  return active !== null;
}

/** The telemetry setupTelemetry switched on, if any. */
export function activeTelemetry(): AppTelemetry | undefined {
  return active ?? undefined;
}

function start(connectionString: string): AppTelemetry | null {
  // The SDK drops every item of a connection string without a key, silently; saying so once helps.
  if (!/(^|;)\s*InstrumentationKey\s*=\s*[^;\s]/i.test(connectionString)) {
    console.warn(`Application Insights is off: ${CONNECTION_STRING_SETTING} has no InstrumentationKey.`);
    return null;
  }
  let telemetry: AppTelemetry;
  try {
    telemetry = applicationInsightsTelemetry(connectionString);
  } catch (error) {
    // A malformed setting or a broken SDK costs the telemetry, never the app.
    console.warn(`Application Insights is off: it could not start (${(error as Error)?.message ?? error}).`);
    return null;
  }
  installTracePropagation();
  recordInvocations(telemetry);
  return telemetry;
}
