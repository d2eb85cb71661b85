/** Where a command writes, what environment it reads, and the exit code it leaves. */
export interface CliContext {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** 0 done, 1 not found or refused, 2 bad arguments. */
  exitCode: number;
}

export const EXIT_DONE = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;
