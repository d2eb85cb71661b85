export interface UnreliableWorkInput {
  /** Attempts are counted per key, so separate runs can use separate counters. */
  key: string;
  /** How many calls for this key fail before one succeeds; 0 (the default) succeeds at once. */
  failuresBeforeSuccess?: number;
}

export interface UnreliableWorkResult {
  key: string;
  /** Calls made for this key so far, the successful one included. */
  attempts: number;
}

// Kept in memory: the counters belong to this worker process and start again on restart.
const attemptsByKey = new Map<string, number>();

/** Checks the input of UnreliableActivity; throws an Error that names the bad field. */
export function readUnreliableWorkInput(input: unknown): UnreliableWorkInput {
  const candidate = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (typeof candidate.key !== 'string' || candidate.key === '') {
    throw new Error('UnreliableActivity needs an input like {"key": "some-key", "failuresBeforeSuccess": 2}.');
  }
  const failures = candidate.failuresBeforeSuccess ?? 0;
  if (!Number.isInteger(failures) || (failures as number) < 0) {
    throw new Error(`failuresBeforeSuccess must be a whole number of at least 0, got ${JSON.stringify(failures)}.`);
  }
  return { key: candidate.key, failuresBeforeSuccess: failures as number };
}

/** Fails the first `failuresBeforeSuccess` calls for a key and succeeds from then on. */
export function performUnreliableWork(input: unknown): UnreliableWorkResult {
  const { key, failuresBeforeSuccess = 0 } = readUnreliableWorkInput(input);
  const attempts = (attemptsByKey.get(key) ?? 0) + 1;
  attemptsByKey.set(key, attempts);
  if (attempts <= failuresBeforeSuccess) {
    throw new Error(`Simulated failure ${attempts} of ${failuresBeforeSuccess} for key "${key}".`);
  }
  return { key, attempts };
}

/** Clears every counter; for tests. */
export function forgetUnreliableWorkAttempts(): void {
  attemptsByKey.clear();
}
