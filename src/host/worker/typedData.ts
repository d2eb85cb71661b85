/** The worker's RpcTypedData, as far as the host produces and reads it. */
export interface TypedData {
  string?: string | null;
  json?: string | null;
  bytes?: Uint8Array | null;
  stream?: Uint8Array | null;
  http?: HttpTypedData | null;
  int?: number | null;
  double?: number | null;
}

export interface HttpTypedData {
  method?: string | null;
  url?: string | null;
  headers?: Record<string, string> | null;
  query?: Record<string, string> | null;
  params?: Record<string, string> | null;
  body?: TypedData | null;
  statusCode?: string | null;
  cookies?: unknown[] | null;
  enableContentNegotiation?: boolean | null;
  rawBody?: TypedData | null;
}

/** The JSON text of a result the worker returned (durable triggers answer with json or string data). */
export function typedDataToJson(data: TypedData | null | undefined): string | null {
  if (!data) return null;
  if (data.json !== undefined && data.json !== null) return data.json;
  if (data.string !== undefined && data.string !== null) return JSON.stringify(data.string);
  if (data.int !== undefined && data.int !== null) return String(data.int);
  if (data.double !== undefined && data.double !== null) return String(data.double);
  if (data.bytes) return JSON.stringify(Buffer.from(data.bytes).toString('base64'));
  return null;
}
