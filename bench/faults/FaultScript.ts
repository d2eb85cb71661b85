import type { Scope } from './Scope';

export interface FaultOptions {
  /** The CI form: shorter runs, same checks. */
  quick: boolean;
}

/** What a script measured: the figures a user would see, and whether the host held. */
export interface FaultResult {
  passed: boolean;
  /** One line of figures, printed after the script's name. */
  summary: string;
  figures: Record<string, number | string | boolean | null | undefined>;
  /** A few lines that help whoever reads a failure (examples, the host's last output). */
  details?: string[];
}

/** One attack on a real host, bounded in time. */
export interface FaultScript {
  key: string;
  name: string;
  /** The time the script gets before it is stopped and counted as failed. */
  timeLimitMs(options: FaultOptions): number;
  run(scope: Scope, options: FaultOptions): Promise<FaultResult>;
}
