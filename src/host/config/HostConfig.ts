import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { type ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { LogLevel } from '../logging/LogLevel';
import { type LogLevels, parseLogLevel } from '../logging/HostLogger';
import type { TracingSettings } from '../durable/engine/LifecycleLog';
import type { VersionFailureStrategy, VersionMatchStrategy, VersioningSettings } from '../durable/runtime/versioning';
import { parseTimeSpan } from './timeSpan';

/** The parts of host.json the local host honours. */
export interface HostConfig {
  scriptRoot: string;
  routePrefix: string;
  hubName: string;
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
  maxEntityOperationBatchSize: number;
  logLevels: LogLevels;
  /** extensions.durableTask defaultVersion, versionMatchStrategy, versionFailureStrategy. */
  versioning: VersioningSettings;
  /** extensions.durableTask.overridableExistingInstanceStates. */
  overridableExistingInstanceStates: 'NonRunningStates' | 'AnyState';
  /** extensions.durableTask.tracing. */
  tracing: TracingSettings;
  /** extensions.durableTask.httpSettings.defaultAsyncRequestSleepTimeMilliseconds: a callHttp's wait before polling a 202 without Retry-After. */
  defaultHttpAsyncRequestSleepMs: number;
  /** host.json `functionTimeout` in ms; undefined for `-1` (unbounded). Default 30 minutes, as on a Premium or Dedicated plan. */
  functionTimeoutMs: number | undefined;
}

export const DEFAULT_FUNCTION_TIMEOUT_MS = 30 * 60_000;

function functionTimeout(value: unknown): number | undefined {
  if (value === undefined || value === null) return DEFAULT_FUNCTION_TIMEOUT_MS;
  if (value === '-1' || value === -1) return undefined;
  const ms = typeof value === 'string' ? parseTimeSpan(value) : undefined;
  if (ms === undefined || ms <= 0) {
    throw new ConfigError(`host.json: functionTimeout must be a TimeSpan such as "00:05:00", or "-1" for no limit, not ${JSON.stringify(value)}.`);
  }
  return ms;
}

/** FUNCTIONS_WORKER_PROCESS_COUNT: how many workers run the app, 1 to 10 (default 1, as in Azure). */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.FUNCTIONS_WORKER_PROCESS_COUNT;
  if (text === undefined || text.trim() === '') return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new ConfigError(`FUNCTIONS_WORKER_PROCESS_COUNT must be a whole number from 1 to 10, not '${text}'.`);
  return n;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** How a file is read: host.json strictly, as Azure reads it; local.settings.json as Core Tools does (comments, trailing commas). */
type JsonDialect = 'strict' | 'with-comments';

function readJson(file: string, what: string, dialect: JsonDialect = 'strict'): Record<string, unknown> | undefined {
  if (!fs.existsSync(file)) return undefined;
  // host.json and local.settings.json may carry a byte-order mark, as Visual Studio writes them.
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (dialect === 'with-comments') return parseWithComments(text, file, what);
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`${what} (${file}) is not valid JSON: ${(error as Error).message}`);
  }
}

function parseWithComments(text: string, file: string, what: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const { error, offset } = errors[0];
    const before = text.slice(0, offset).split('\n');
    throw new ConfigError(`${what} (${file}) is not valid JSON: ${printParseErrorCode(error)} at line ${before.length}, column ${before[before.length - 1].length + 1}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${what} (${file}) must hold a JSON object.`);
  return value as Record<string, unknown>;
}

function positiveInt(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(`host.json: ${name} must be a positive whole number, not ${JSON.stringify(value)}.`);
  }
  return value;
}

/** A setting that takes one of `allowed` (in any case, as .NET reads enums). */
function choice<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined || value === null) return fallback;
  const match = allowed.find((a) => typeof value === 'string' && a.toLowerCase() === value.trim().toLowerCase());
  if (!match) throw new ConfigError(`host.json: ${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}.`);
  return match;
}

function flag(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(`host.json: ${name} must be true or false, not ${JSON.stringify(value)}.`);
  return value;
}

export function loadHostConfig(scriptRoot: string): HostConfig {
  const file = path.join(scriptRoot, 'host.json');
  const json = readJson(file, 'host.json');
  if (!json) throw new ConfigError(`No host.json in ${scriptRoot}: is this the root of a function app? (use --script-root)`);
  if (json.version !== '2.0') throw new ConfigError(`host.json: "version" must be "2.0", not ${JSON.stringify(json.version)}.`);
  const extensions = (json.extensions ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const durable = extensions.durableTask ?? {};
  const http = extensions.http ?? {};
  const tracing = (durable.tracing ?? {}) as Record<string, unknown>;
  const routePrefix = typeof http.routePrefix === 'string' ? http.routePrefix.replace(/^\/+|\/+$/g, '') : 'api';
  // The Durable extension's default off the Consumption plan: 10 per core.
  const perCore = 10 * Math.max(1, os.cpus().length);
  const logLevel = ((json.logging as Record<string, unknown> | undefined)?.logLevel ?? {}) as Record<string, string>;
  const categories: Record<string, LogLevel> = {};
  for (const [category, level] of Object.entries(logLevel)) if (category !== 'default') categories[category] = parseLogLevel(level);
  return {
    scriptRoot,
    routePrefix,
    hubName: typeof durable.hubName === 'string' && durable.hubName ? durable.hubName : 'TestHubName',
    maxConcurrentActivityFunctions: positiveInt(durable.maxConcurrentActivityFunctions, perCore, 'extensions.durableTask.maxConcurrentActivityFunctions'),
    maxConcurrentOrchestratorFunctions: positiveInt(
      durable.maxConcurrentOrchestratorFunctions,
      perCore,
      'extensions.durableTask.maxConcurrentOrchestratorFunctions',
    ),
    maxEntityOperationBatchSize: positiveInt(durable.maxEntityOperationBatchSize, 50, 'extensions.durableTask.maxEntityOperationBatchSize'),
    logLevels: { default: parseLogLevel(logLevel.default), categories },
    versioning: {
      defaultVersion: typeof durable.defaultVersion === 'string' ? durable.defaultVersion : '',
      matchStrategy: choice<VersionMatchStrategy>(durable.versionMatchStrategy, ['None', 'Strict', 'CurrentOrOlder'], 'CurrentOrOlder', 'extensions.durableTask.versionMatchStrategy'),
      failureStrategy: choice<VersionFailureStrategy>(durable.versionFailureStrategy, ['Reject', 'Fail'], 'Reject', 'extensions.durableTask.versionFailureStrategy'),
    },
    overridableExistingInstanceStates: choice(
      durable.overridableExistingInstanceStates,
      ['NonRunningStates', 'AnyState'] as const,
      'NonRunningStates',
      'extensions.durableTask.overridableExistingInstanceStates',
    ),
    tracing: {
      traceReplayEvents: flag(tracing.traceReplayEvents, false, 'extensions.durableTask.tracing.traceReplayEvents'),
      traceInputsAndOutputs: flag(tracing.traceInputsAndOutputs, false, 'extensions.durableTask.tracing.traceInputsAndOutputs'),
    },
    defaultHttpAsyncRequestSleepMs: positiveInt(
      ((durable.httpSettings ?? {}) as Record<string, unknown>).defaultAsyncRequestSleepTimeMilliseconds,
      30_000,
      'extensions.durableTask.httpSettings.defaultAsyncRequestSleepTimeMilliseconds',
    ),
    functionTimeoutMs: functionTimeout(json.functionTimeout),
  };
}

/** Puts local.settings.json's `Values` into the environment; variables already set win, as with `func start`. */
export function applyLocalSettings(scriptRoot: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const json = readJson(path.join(scriptRoot, 'local.settings.json'), 'local.settings.json', 'with-comments');
  const values = (json?.Values ?? {}) as Record<string, unknown>;
  const applied: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (env[name] !== undefined || value === null || value === undefined) continue;
    env[name] = String(value);
    applied.push(name);
  }
  return applied;
}

/** The app's entry files: the `main` of its package.json, a file or a glob, as the Node worker reads it. */
export function resolveEntryFiles(scriptRoot: string): string[] {
  const pkg = readJson(path.join(scriptRoot, 'package.json'), 'package.json');
  const main = typeof pkg?.main === 'string' && pkg.main ? pkg.main : 'index.js';
  const files = fg.sync(main.replace(/\\/g, '/'), { cwd: scriptRoot, absolute: true, onlyFiles: true }).sort();
  if (!files.length) {
    throw new ConfigError(`package.json "main" (${main}) matches no file under ${scriptRoot}. Did you build the app (npm run build)?`);
  }
  return files;
}
