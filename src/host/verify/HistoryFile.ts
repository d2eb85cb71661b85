import fs from 'node:fs';
import path from 'node:path';
import { EventType, type HistoryEvent } from '../durable/model/history';

/** What a history file says it is, so that a stray JSON file is not taken for one. */
export const HISTORY_FILE_FORMAT = 'durable-history';
export const HISTORY_FILE_VERSION = 1;

/**
 * One orchestration instance's history, as `durable-host instances export` and the test environment
 * write it and `durable-host verify --histories` reads it (the README describes the format). The
 * events are those the orchestrator is handed on replay, in the Durable Task wire shape.
 */
export interface HistoryFile {
  format: typeof HISTORY_FILE_FORMAT;
  version: typeof HISTORY_FILE_VERSION;
  instanceId: string;
  /** The orchestrator function's name. */
  name: string;
  executionId?: string;
  runtimeStatus?: string;
  /** When the history was taken (ISO 8601). */
  recordedAt?: string;
  /** Where it was taken from: `local store <file>`, `DurableTestEnvironment`, `Azure Storage task hub <hub>`. */
  source?: string;
  history: HistoryEvent[];
}

/** A file that is not a history file, or one that cannot be read; the message says which and why. */
export class HistoryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryFileError';
  }
}

export function historyFile(fields: Omit<HistoryFile, 'format' | 'version'>): HistoryFile {
  return { format: HISTORY_FILE_FORMAT, version: HISTORY_FILE_VERSION, ...fields };
}

function eventType(value: unknown, where: string): EventType {
  if (typeof value === 'number' && Number.isInteger(value) && EventType[value] !== undefined) return value;
  if (typeof value === 'string' && typeof (EventType as unknown as Record<string, unknown>)[value] === 'number') {
    return (EventType as unknown as Record<string, number>)[value];
  }
  throw new HistoryFileError(`${where}: EventType ${JSON.stringify(value)} is not a Durable Task event type (0-20, or a name such as "TaskScheduled").`);
}

function parseEvent(value: unknown, where: string): HistoryEvent {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HistoryFileError(`${where} is not an object.`);
  const event = { ...(value as Record<string, unknown>) };
  const type = eventType(event.EventType, where);
  if (event.EventId !== undefined && typeof event.EventId !== 'number') throw new HistoryFileError(`${where}: EventId must be a number.`);
  if (event.Timestamp !== undefined && (typeof event.Timestamp !== 'string' || Number.isNaN(Date.parse(event.Timestamp)))) {
    throw new HistoryFileError(`${where}: Timestamp must be an ISO 8601 date.`);
  }
  return { ...event, EventType: type, EventId: (event.EventId as number | undefined) ?? -1, IsPlayed: event.IsPlayed !== false, Timestamp: (event.Timestamp as string) ?? '' } as HistoryEvent;
}

/** Reads one history file's text; `source` names it in errors. */
export function parseHistoryFile(text: string, source: string): HistoryFile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new HistoryFileError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new HistoryFileError(`${source} is not a history file: it holds no JSON object.`);
  const file = json as Record<string, unknown>;
  if (file.format !== HISTORY_FILE_FORMAT) {
    throw new HistoryFileError(`${source} is not a history file: "format" must be "${HISTORY_FILE_FORMAT}" (write one with \`durable-host instances export ID\`).`);
  }
  if (file.version !== HISTORY_FILE_VERSION) {
    throw new HistoryFileError(`${source} has history file version ${JSON.stringify(file.version)}; this durable-host reads version ${HISTORY_FILE_VERSION}.`);
  }
  if (typeof file.instanceId !== 'string' || !file.instanceId) throw new HistoryFileError(`${source}: "instanceId" must be a non-empty string.`);
  if (!Array.isArray(file.history)) throw new HistoryFileError(`${source}: "history" must be an array of events.`);
  const history = file.history.map((e, i) => parseEvent(e, `${source}: history[${i}]`));
  const started = history.find((e) => e.EventType === EventType.ExecutionStarted);
  const name = typeof file.name === 'string' && file.name ? file.name : started?.Name;
  if (!name) throw new HistoryFileError(`${source}: "name" (the orchestrator's name) is missing and no ExecutionStarted event gives it.`);
  return {
    ...(file as unknown as HistoryFile),
    name,
    history,
  };
}

export function readHistoryFile(file: string): HistoryFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new HistoryFileError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  return parseHistoryFile(text, file);
}

/** The JSON files of a folder (sorted, subfolders included), or the file itself. */
export function historyFilePaths(location: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(location);
  } catch {
    throw new HistoryFileError(`No such file or folder: ${location}`);
  }
  if (stat.isFile()) return [location];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.json')) files.push(full);
    }
  };
  walk(location);
  return files;
}

/** A file name for an instance id: characters a file system may refuse (and `%`) are percent-encoded. */
export function historyFileName(instanceId: string): string {
  const safe = instanceId.replace(/[^A-Za-z0-9._@-]/g, (c) => Buffer.from(c, 'utf8').reduce((s, b) => s + `%${b.toString(16).toUpperCase().padStart(2, '0')}`, ''));
  return `${safe.startsWith('.') ? '%2E' + safe.slice(1) : safe}.json`;
}

/** The file's text: the header fields one per line, then one event per line, so that diffs stay readable. */
export function formatHistoryFile(file: HistoryFile): string {
  const { history, ...header } = file;
  const fields = Object.entries(header)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const events = history.map((e, i) => `    ${JSON.stringify(e)}${i < history.length - 1 ? ',' : ''}`);
  return ['{', ...fields, '  "history": [', ...events, '  ]', '}'].join('\n') + '\n';
}

/** Writes the file into `dir` under its instance's file name; returns its path. */
export function writeHistoryFile(dir: string, file: HistoryFile): string {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, historyFileName(file.instanceId));
  fs.writeFileSync(target, formatHistoryFile(file));
  return target;
}
