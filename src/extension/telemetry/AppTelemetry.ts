/** Custom dimensions: every item carries the durable `instanceId` when it belongs to one. */
export type TelemetryProperties = Record<string, string>;

export type TraceSeverity = 'Verbose' | 'Information' | 'Warning' | 'Error' | 'Critical';

export interface RequestItem {
  /** The function's name; Application Insights names the request by method and route instead. */
  name: string;
  /** The route template, e.g. `/orchestrations/{instanceId}`: with the method it names the request. */
  route: string;
  url: string;
  method: string;
  status: number;
  success: boolean;
  startedAt: Date;
  durationMs: number;
  properties: TelemetryProperties;
}

/** What the app records about itself; Application Insights is the one implementation. */
export interface AppTelemetry {
  request(item: RequestItem): void;
  trace(message: string, severity: TraceSeverity, properties: TelemetryProperties): void;
  exception(error: Error, properties: TelemetryProperties): void;
  event(name: string, properties: TelemetryProperties, measurements: Record<string, number>): void;
  /** Sends what is still queued. */
  flush(): Promise<void>;
}
