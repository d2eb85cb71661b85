/** host.json `extensions.durableTask` versioning, as the Durable Task Framework's VersioningSettings. */
export interface VersioningSettings {
  /** `defaultVersion`: the version new instances get, and the one this app runs. */
  defaultVersion: string;
  matchStrategy: VersionMatchStrategy;
  failureStrategy: VersionFailureStrategy;
}

/** `None`: run every version; `Strict`: only defaultVersion; `CurrentOrOlder`: defaultVersion and older. */
export type VersionMatchStrategy = 'None' | 'Strict' | 'CurrentOrOlder';
/** `Reject`: leave the instance as it is, to be run by an app that matches; `Fail`: fail it. */
export type VersionFailureStrategy = 'Reject' | 'Fail';

// The defaults Durable Functions documents for its versioning settings.
export const DEFAULT_VERSIONING: VersioningSettings = { defaultVersion: '', matchStrategy: 'CurrentOrOlder', failureStrategy: 'Reject' };

/** A System.Version: two to four dot-separated whole numbers. */
function dotNetVersion(text: string): number[] | undefined {
  if (!/^\s*\d+(\.\d+){1,3}\s*$/.test(text)) return undefined;
  const parts = text.trim().split('.').map(Number);
  return parts.every((n) => Number.isSafeInteger(n) && n <= 2_147_483_647) ? parts : undefined;
}

/**
 * VersioningSettings.CompareVersions: empty versions are equal and older than any other; two
 * System.Version strings compare part by part (a missing part is older than 0); anything else
 * compares as text, ignoring case.
 */
export function compareVersions(source: string | null | undefined, other: string | null | undefined): number {
  const a = (source ?? '').trim() ? (source as string) : '';
  const b = (other ?? '').trim() ? (other as string) : '';
  if (!a && !b) return 0;
  if (!a) return -1;
  if (!b) return 1;
  const va = dotNetVersion(a);
  const vb = dotNetVersion(b);
  if (va && vb) {
    for (let i = 0; i < 4; i++) {
      const x = va[i] ?? -1;
      const y = vb[i] ?? -1;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }
  const la = a.toUpperCase();
  const lb = b.toUpperCase();
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/** Whether an instance of `version` may run here, as the Durable Task Framework's dispatcher decides before it runs an orchestrator. */
export function versionAllowed(version: string | null | undefined, settings: VersioningSettings): boolean {
  switch (settings.matchStrategy) {
    case 'None':
      return true;
    case 'Strict':
      return (version ?? '') === settings.defaultVersion;
    case 'CurrentOrOlder':
      return compareVersions(version, settings.defaultVersion) <= 0;
  }
}
