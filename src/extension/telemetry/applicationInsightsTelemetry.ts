import type { TelemetryClient } from 'applicationinsights';
import type { AppTelemetry } from './AppTelemetry';

/**
 * Sends the app's telemetry through the `applicationinsights` SDK. No call ever throws: telemetry
 * must not fail a function, so an SDK error drops the item and is logged the first time.
 */
export function applicationInsightsTelemetry(connectionString: string): AppTelemetry {
  // Required here rather than imported: an app without the setting never pays the SDK's load time.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const sdk = require('applicationinsights') as typeof import('applicationinsights');
  // Own providers: only what the app tracks is sent, and no module of the process is patched.
  const client: TelemetryClient = new sdk.TelemetryClient(connectionString, { useGlobalProviders: false });
  client.initialize();

  const reported = new Set<string>();
  const safely = (what: string, send: () => void | Promise<void>): void | Promise<void> => {
    const report = (error: unknown) => {
      if (reported.has(what)) return;
      reported.add(what);
      // Once per kind: a broken SDK would otherwise add a line to every invocation.
      console.warn(`Application Insights: ${what} failed (${(error as Error)?.message ?? error}); the item is dropped and later failures of ${what} are not logged.`);
    };
    try {
      const pending = send();
      if (pending) return pending.catch(report);
    } catch (error) {
      report(error);
    }
  };

  return {
    request: (item) =>
      safely('trackRequest', () =>
        client.trackRequest({
          name: item.name,
          url: item.url,
          resultCode: String(item.status),
          success: item.success,
          time: item.startedAt,
          duration: item.durationMs,
          // The exporter fills in url and response code only for an HTTP method, and names the request by method and route.
          properties: { ...item.properties, 'http.method': item.method, 'http.route': item.route },
        }),
      ),
    trace: (message, severity, properties) => safely('trackTrace', () => client.trackTrace({ message, severity, properties })),
    exception: (exception, properties) => safely('trackException', () => client.trackException({ exception, properties })),
    event: (name, properties, measurements) => safely('trackEvent', () => client.trackEvent({ name, properties, measurements })),
    flush: async () => safely('flush', () => client.flush()),
  };
}
