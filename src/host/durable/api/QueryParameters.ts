import { ALL_STATUSES, type RuntimeStatus } from '../model/instance';

/**
 * A request's query string as the extension reads it: names ignore case (a NameValueCollection),
 * and a value that does not parse is as if it were not there (TryParse), never an error.
 */
export class QueryParameters {
  private readonly values = new Map<string, string[]>();

  constructor(search: URLSearchParams) {
    for (const [name, value] of search) {
      const key = name.toLowerCase();
      const list = this.values.get(key) ?? [];
      list.push(value);
      this.values.set(key, list);
    }
  }

  string(name: string): string | undefined {
    return this.values.get(name.toLowerCase())?.[0];
  }

  /** `true`/`false` in any case; anything else is the fallback. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.string(name)?.trim().toLowerCase();
    return value === 'true' ? true : value === 'false' ? false : fallback;
  }

  integer(name: string): number | undefined {
    const value = this.string(name)?.trim();
    if (!value || !/^[+-]?\d+$/.test(value)) return undefined;
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }

  /** A date and time; one without a zone is UTC, as the extension reads it on Azure. */
  dateTime(name: string): number | undefined {
    const value = this.string(name)?.trim();
    if (!value) return undefined;
    const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(value) || !/\d:\d/.test(value) ? value : `${value}Z`;
    const t = Date.parse(zoned);
    return Number.isNaN(t) ? undefined : t;
  }

  /** Seconds as a number (`timeout`, `pollingInterval`). */
  seconds(name: string): number | undefined {
    const value = this.string(name)?.trim();
    if (!value) return undefined;
    const n = Number(value);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  }

  /** Runtime statuses from every `runtimeStatus` value, comma-separated; names that are no status are left out. */
  statuses(name = 'runtimeStatus'): RuntimeStatus[] {
    const out: RuntimeStatus[] = [];
    for (const value of this.values.get(name.toLowerCase()) ?? []) {
      for (const part of value.split(',')) {
        const wanted = part.trim().toLowerCase();
        const status = ALL_STATUSES.find((s) => s.toLowerCase() === wanted) ?? NUMBERED[Number(wanted)];
        if (status && /^\w+$/.test(wanted) && !out.includes(status)) out.push(status);
      }
    }
    return out;
  }
}

// OrchestrationRuntimeStatus by number, as Enum.TryParse also takes it (4 is Canceled, which nothing here is).
const NUMBERED: Record<number, RuntimeStatus | undefined> = {
  0: 'Running',
  1: 'Completed',
  2: 'ContinuedAsNew',
  3: 'Failed',
  5: 'Terminated',
  6: 'Pending',
  7: 'Suspended',
};
