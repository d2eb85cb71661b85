import type { HttpResponseInit } from '@azure/functions';

export function jsonResponse(status: number, body: unknown): HttpResponseInit {
  return { status, jsonBody: body };
}

export function errorResponse(status: number, message: string): HttpResponseInit {
  return jsonResponse(status, { error: message });
}
