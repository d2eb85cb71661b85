// The storage emulator's one account. Its key is published by Microsoft and protects nothing.
export const DEVELOPMENT_ACCOUNT_NAME = 'devstoreaccount1';
export const DEVELOPMENT_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The ports `UseDevelopmentStorage=true` means. */
export const DEVELOPMENT_STORAGE_PORTS: StoragePorts = { blob: 10000, queue: 10001, table: 10002 };

export interface StoragePorts {
  blob: number;
  queue: number;
  table: number;
}

/** Whether a connection string points at the local storage emulator by its shorthand. */
export function isDevelopmentStorage(connectionString: string | undefined): boolean {
  return /(^|;)\s*UseDevelopmentStorage\s*=\s*true\s*(;|$)/i.test(connectionString ?? '');
}

/** A full connection string for an emulator on `host` and `ports`, which every storage SDK accepts. */
export function developmentConnectionString(ports: StoragePorts, host = '127.0.0.1'): string {
  const endpoint = (port: number) => `http://${host}:${port}/${DEVELOPMENT_ACCOUNT_NAME}`;
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEVELOPMENT_ACCOUNT_NAME}`,
    `AccountKey=${DEVELOPMENT_ACCOUNT_KEY}`,
    `BlobEndpoint=${endpoint(ports.blob)}`,
    `QueueEndpoint=${endpoint(ports.queue)}`,
    `TableEndpoint=${endpoint(ports.table)}`,
  ].join(';');
}
