import fs from 'node:fs';
import path from 'node:path';

/** A compiled file older than the source it was compiled from. */
export interface StaleFile {
  compiled: string;
  source: string;
}

/** Thrown when the app's build is older than its sources, so a test would run the old code. */
export class StaleBuildError extends Error {
  constructor(readonly stale: StaleFile[], scriptRoot: string) {
    const shown = stale.slice(0, 5).map(({ source, compiled }) => `  ${path.relative(scriptRoot, source)} is newer than ${path.relative(scriptRoot, compiled)}`);
    const more = stale.length > shown.length ? [`  and ${stale.length - shown.length} more`] : [];
    super(['The app\'s build is older than its sources, so the test would run the old code:', ...shown, ...more, 'Build it first (npm run build; npm test builds before it runs jest).'].join('\n'));
    this.name = 'StaleBuildError';
  }
}

// A source map records the source it was made from; a compiled file without one (plain JS) is its own source.
function sourceOf(mapFile: string): string | undefined {
  try {
    const map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { sources?: string[]; sourceRoot?: string };
    const first = map.sources?.[0];
    return first === undefined ? undefined : path.resolve(path.dirname(mapFile), map.sourceRoot ?? '', first);
  } catch {
    return undefined;
  }
}

// The compiled modules the entry files load, following their relative requires (CommonJS, as tsc emits it).
function loadedModules(entryFiles: string[]): string[] {
  const seen = new Set<string>();
  const pending = [...entryFiles];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [, spec] of text.matchAll(/require\((?:"|')(\.{1,2}\/[^"']*)(?:"|')\)/g)) {
      const base = path.resolve(path.dirname(file), spec);
      const target = [base, `${base}.js`, path.join(base, 'index.js')].find((candidate) => candidate.endsWith('.js') && fs.existsSync(candidate));
      if (target) pending.push(target);
    }
  }
  return [...seen];
}

/**
 * The compiled modules the app loads (its entry files and what they require) whose source, named by
 * their source map, changed after they were written. Plain JavaScript (no source map) has nothing to compare.
 */
export function findStaleBuild(entryFiles: string[]): StaleFile[] {
  const stale: StaleFile[] = [];
  for (const compiled of loadedModules(entryFiles)) {
    const source = sourceOf(`${compiled}.map`);
    if (!source || !fs.existsSync(source)) continue;
    if (fs.statSync(source).mtimeMs > fs.statSync(compiled).mtimeMs) stale.push({ compiled, source });
  }
  return stale.sort((a, b) => a.source.localeCompare(b.source));
}
