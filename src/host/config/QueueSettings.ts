import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './HostConfig';
import { parseTimeSpan } from './timeSpan';

export type QueueMessageEncoding = 'base64' | 'none';

/** host.json `extensions.queues`, as far as the local host honours it. */
export interface QueueSettings {
  /** Messages fetched at once (1 to 32). */
  batchSize: number;
  /** A new batch is fetched when no more than this many messages are still being processed. */
  newBatchThreshold: number;
  /** The longest wait between polls of an empty queue. */
  maxPollingIntervalMs: number;
  /** How long a failed message stays invisible before it is tried again. */
  visibilityTimeoutMs: number;
  /** Attempts before a message moves to `<queue>-poison`. */
  maxDequeueCount: number;
  messageEncoding: QueueMessageEncoding;
}

const MAX_BATCH_SIZE = 32;
const MIN_POLLING_INTERVAL_MS = 100;
// The real host waits up to a minute; a local host answers a dropped message sooner.
const LOCAL_MAX_POLLING_INTERVAL_MS = 2000;

function wholeNumber(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min} to ${max}`;
    throw new ConfigError(`host.json: extensions.queues.${name} must be a whole number ${range}, not ${JSON.stringify(value)}.`);
  }
  return value;
}

function interval(value: unknown, name: string): number {
  // host.json writes intervals as TimeSpans ("00:00:02"); a number is taken as milliseconds.
  const ms = typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : typeof value === 'string' ? parseTimeSpan(value) : undefined;
  if (ms === undefined) throw new ConfigError(`host.json: extensions.queues.${name} must be a TimeSpan like "00:00:02", not ${JSON.stringify(value)}.`);
  return ms;
}

export function parseQueueSettings(queues: Record<string, unknown> = {}): QueueSettings {
  const batchSize = queues.batchSize === undefined ? 16 : wholeNumber(queues.batchSize, 'batchSize', 1, MAX_BATCH_SIZE);
  const newBatchThreshold =
    queues.newBatchThreshold === undefined ? Math.floor(batchSize / 2) : wholeNumber(queues.newBatchThreshold, 'newBatchThreshold', 0);
  const maxPollingIntervalMs =
    queues.maxPollingInterval === undefined ? LOCAL_MAX_POLLING_INTERVAL_MS : interval(queues.maxPollingInterval, 'maxPollingInterval');
  if (maxPollingIntervalMs < MIN_POLLING_INTERVAL_MS) {
    throw new ConfigError(`host.json: extensions.queues.maxPollingInterval must be at least 100 ms ("00:00:00.1").`);
  }
  const encoding = queues.messageEncoding === undefined ? 'base64' : String(queues.messageEncoding).toLowerCase();
  if (encoding !== 'base64' && encoding !== 'none') {
    throw new ConfigError(`host.json: extensions.queues.messageEncoding must be "base64" or "none", not ${JSON.stringify(queues.messageEncoding)}.`);
  }
  return {
    batchSize,
    newBatchThreshold,
    maxPollingIntervalMs,
    visibilityTimeoutMs: queues.visibilityTimeout === undefined ? 0 : interval(queues.visibilityTimeout, 'visibilityTimeout'),
    maxDequeueCount: queues.maxDequeueCount === undefined ? 5 : wholeNumber(queues.maxDequeueCount, 'maxDequeueCount', 1),
    messageEncoding: encoding,
  };
}

/** Reads `extensions.queues` from the app's host.json (which loadHostConfig has already checked is JSON). */
export function loadQueueSettings(scriptRoot: string): QueueSettings {
  const text = fs.readFileSync(path.join(scriptRoot, 'host.json'), 'utf8').replace(/^\uFEFF/, '');
  const extensions = (JSON.parse(text).extensions ?? {}) as Record<string, Record<string, unknown> | undefined>;
  return parseQueueSettings(extensions.queues);
}
