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

/**
 * The emulator ports a connection string means when it points at the local storage emulator: the
 * default ports for `UseDevelopmentStorage=true`, or those of a string that names the emulator's
 * account with http endpoints on this machine (blob, queue and table). Undefined for anything else.
 */
export function developmentStoragePorts(connectionString: string | undefined): StoragePorts | undefined {
  if (isDevelopmentStorage(connectionString)) return DEVELOPMENT_STORAGE_PORTS;
  const parts = new Map<string, string>();
  for (const part of (connectionString ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  if (parts.get('accountname') !== DEVELOPMENT_ACCOUNT_NAME) return undefined;
  const portOf = (name: string) => {
    const match = /^http:\/\/(?:127\.0\.0\.1|localhost):(\d+)\/devstoreaccount1\/?$/i.exec(parts.get(`${name}endpoint`) ?? '');
    return match ? Number(match[1]) : undefined;
  };
  const [blob, queue, table] = [portOf('blob'), portOf('queue'), portOf('table')];
  return blob && queue && table ? { blob, queue, table } : undefined;
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
