export type { AppTelemetry, RequestItem, TelemetryProperties, TraceSeverity } from './AppTelemetry';
export { setupTelemetry, activeTelemetry } from './setupTelemetry';
export { withCompletionTelemetry } from './orchestrationTelemetry';
