import type { LogLevel } from './LogLevel';

const RANK: Record<LogLevel, number> = {
  trace: 0,
  debug: 1,
  information: 2,
  warning: 3,
  error: 4,
  critical: 5,
  none: 6,
};

/** Maps host.json's `logging.logLevel` names (Information, Warning, ...) to the worker's levels. */
export function parseLogLevel(name: string | undefined, fallback: LogLevel = 'information'): LogLevel {
  switch ((name ?? '').toLowerCase()) {
    case 'trace':
      return 'trace';
    case 'debug':
      return 'debug';
    case 'information':
    case 'info':
      return 'information';
    case 'warning':
    case 'warn':
      return 'warning';
    case 'error':
      return 'error';
    case 'critical':
      return 'critical';
    case 'none':
      return 'none';
    default:
      return fallback;
  }
}

export interface LogLevels {
  default: LogLevel;
  /** Category name (or prefix, as `Function` or `Function.Name`) to its minimum level. */
  categories: Record<string, LogLevel>;
}

/** The host's console log, filtered by category as host.json's `logging.logLevel` asks. */
export class HostLogger {
  // Every invocation asks for its category's level, so each answer is worked out once.
  private readonly minimumByCategory = new Map<string, LogLevel>();
  private readonly configured: [string, LogLevel][];

  constructor(
    private readonly levels: LogLevels = { default: 'information', categories: {} },
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.configured = Object.entries(levels.categories).map(([key, level]) => [key.toLowerCase(), level]);
  }

  static silent(): HostLogger {
    return new HostLogger({ default: 'none', categories: {} }, () => undefined);
  }

  enabled(level: LogLevel, category: string): boolean {
    return RANK[level] >= RANK[this.minimumFor(category)] && level !== 'none';
  }

  log(level: LogLevel, category: string, message: string): void {
    if (!this.enabled(level, category)) return;
    const stamp = new Date().toISOString();
    this.write(`[${stamp}] ${message}`);
  }

  /** Writes a line already filtered and stamped elsewhere (a worker's). */
  writeLine(line: string): void {
    this.write(line);
  }

  info(category: string, message: string): void {
    this.log('information', category, message);
  }

  warn(category: string, message: string): void {
    this.log('warning', category, message);
  }

  error(category: string, message: string): void {
    this.log('error', category, message);
  }

  private minimumFor(category: string): LogLevel {
    let minimum = this.minimumByCategory.get(category);
    if (minimum === undefined) {
      minimum = this.matchCategory(category.toLowerCase());
      this.minimumByCategory.set(category, minimum);
    }
    return minimum;
  }

  // The most specific configured prefix wins, ignoring case, as in the Functions host.
  private matchCategory(category: string): LogLevel {
    let best: [string, LogLevel] | undefined;
    for (const entry of this.configured) {
      const key = entry[0];
      if ((category === key || category.startsWith(key + '.')) && (!best || key.length > best[0].length)) best = entry;
    }
    return best ? best[1] : this.levels.default;
  }
}
