/** An error a client of the engine caused; `status` is the HTTP status the management API answers with. */
export class ClientError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 410 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}
