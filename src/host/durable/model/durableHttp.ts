/** `context.df.callHttp`'s request as durable-functions sends it in a CallHttp action (DurableHttpRequest). */
export interface DurableHttpRequest {
  method: string;
  uri: string;
  content?: string | null;
  headers?: Record<string, string | string[]> | null;
  tokenSource?: { kind?: string; resource?: string } | null;
  asynchronousPatternEnabled?: boolean;
}

/** The activity's result, which the SDK reads back into a DurableHttpResponse. */
export interface DurableHttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  content: string;
}
