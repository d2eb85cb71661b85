import { type Duration, parseDuration } from '../../src/extension';

export const SINGLETON_ORCHESTRATION = 'SingletonOrchestration';
/** The one instance id the job runs under: a second start while it runs is refused. */
export const SINGLETON_INSTANCE_ID = 'singleton';

export interface SingletonInput {
  /** How long the job takes; 1 minute by default. */
  holdFor?: Duration;
}

export interface SingletonResult {
  instanceId: string;
  heldForMs: number;
  finishedAt: string;
}

/** The job's input, checked: an empty body is fine; a bad `holdFor` throws an Error saying why. */
export function readSingletonInput(input: unknown): { holdForMs: number } {
  // The durable client sends "" for a start without input.
  if (input === undefined || input === null || input === '') return { holdForMs: parseDuration('1m') };
  if (typeof input !== 'object' || Array.isArray(input)) throw new Error('The singleton input, when given, must be a JSON object like {"holdFor": "30s"}.');
  const holdFor = (input as SingletonInput).holdFor;
  return { holdForMs: parseDuration(holdFor ?? '1m') };
}
