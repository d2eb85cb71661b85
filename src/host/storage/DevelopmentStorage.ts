import { AzuriteProcess } from './AzuriteProcess';
import { DEVELOPMENT_STORAGE_PORTS, type StoragePorts } from './developmentStorageAccount';
import { portAnswers } from './portAnswers';
import { findPortOwner } from './portOwner';
import path from 'node:path';

export interface DevelopmentStorageOptions {
  /** Where a started Azurite keeps its data. */
  location: string;
  ports?: StoragePorts;
  host?: string;
  log: (level: 'information' | 'warning', message: string) => void;
}

/**
 * Makes `UseDevelopmentStorage=true` answer: an emulator already on its ports is used as it is;
 * when none of them answers, Azurite is started. Returns the process it started, for the caller
 * to stop. Never throws: only storage triggers and the app's tables need storage, so the host goes on.
 */
export async function ensureDevelopmentStorage(options: DevelopmentStorageOptions): Promise<AzuriteProcess | undefined> {
  const ports = options.ports ?? DEVELOPMENT_STORAGE_PORTS;
  const host = options.host ?? '127.0.0.1';
  const services = Object.entries(ports) as [keyof StoragePorts, number][];
  const answering = await Promise.all(services.map(([, port]) => portAnswers(host, port)));
  const portList = services.map(([name, port]) => `${name} ${port}`).join(', ');
  if (answering.every(Boolean)) {
    reportReusedEmulator(options, host, ports, portList);
    return undefined;
  }
  if (answering.some(Boolean)) {
    const taken = services.filter((_, i) => answering[i]).map(([name, port]) => `${name} ${port}`);
    options.log(
      'warning',
      `Development storage: Azurite was not started because ${taken.join(', ')} ${taken.length > 1 ? 'are' : 'is'} taken but not every storage port answers (${portList}). ` +
        'Free those ports or start Azurite yourself; storage queue triggers and Table Storage will fail until then.',
    );
    return undefined;
  }
  try {
    const azurite = await AzuriteProcess.start({ location: options.location, ports, host });
    azurite.onUnexpectedExit((code, signal) =>
      options.log('warning', `Development storage: Azurite exited unexpectedly (${signal ?? `code ${code}`}); storage queue triggers and Table Storage will fail.`),
    );
    options.log('information', `Development storage: started Azurite on ${host} (${portList}), data in ${options.location}.`);
    return azurite;
  } catch (error) {
    options.log(
      'warning',
      `Development storage: could not start Azurite (${(error as Error).message}). HTTP and durable functions work without it; ` +
        'storage queue triggers and Table Storage will fail until an emulator listens on its ports (start one yourself and pass --no-azurite).',
    );
    return undefined;
  }
}

/** Says whose emulator is reused (PID, data folder) where this machine shows it; a warning when its data is not this app's. */
function reportReusedEmulator(options: DevelopmentStorageOptions, host: string, ports: StoragePorts, portList: string): void {
  const owner = findPortOwner(ports.blob);
  const prefix = `Development storage: using the emulator already listening on ${host} (${portList}), which this host did not start and does not stop`;
  if (!owner) {
    options.log('information', `${prefix}; which process it is could not be found.`);
    return;
  }
  if (owner.location === undefined) {
    options.log('information', `${prefix}: PID ${owner.pid}, data folder unknown.`);
    return;
  }
  if (path.resolve(owner.location) === path.resolve(options.location)) {
    options.log('information', `${prefix}: PID ${owner.pid}, data in ${owner.location}.`);
    return;
  }
  options.log(
    'warning',
    `${prefix}: PID ${owner.pid}, data in ${owner.location}, not in ${options.location}. Stop it to have this app's own emulator started.`,
  );
}
