import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { APP_ROOT } from './paths';
import { tempDir } from './hostProcess';

/** The fixture app: copies of the app's orchestration shapes, in TypeScript. */
export const VERIFY_APP_SOURCE = path.join(__dirname, '..', 'fixtures', 'verify-app');

/** Histories recorded once from the fixture's unchanged build and kept in the repository, as snapshots are. */
export const VERIFY_APP_HISTORIES = path.join(__dirname, '..', 'histories', 'verify-app');

/** A change to one source file of the fixture (its path under src/, e.g. `functions/orders.ts`). */
export type SourceEdits = Record<string, (source: string) => string>;

export interface BuiltApp {
  /** The app's folder: host.json, package.json, functions/*.js with source maps. */
  root: string;
  /** The TypeScript the app was built from (edits applied), by its path under src/. */
  source(file: string): string;
  /** Its absolute path (what the source maps point at). */
  sourcePath(file: string): string;
  remove(): void;
}

function sourceFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full, base) : e.name.endsWith('.ts') ? [path.relative(base, full)] : [];
  });
}

/** Replaces exactly one occurrence of `from` (a changed orchestrator); throws when it is not there once. */
export function replaceOnce(from: string, to: string): (source: string) => string {
  return (source) => {
    const at = source.indexOf(from);
    if (at < 0 || source.indexOf(from, at + 1) >= 0) throw new Error(`The fixture source should hold ${JSON.stringify(from)} exactly once.`);
    return source.slice(0, at) + to + source.slice(at + from.length);
  };
}

/** The 1-based line of the only line of `source` that contains `text`. */
export function lineOf(source: string, text: string): number {
  const lines = source.split('\n');
  const found = lines.flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`Expected one line with ${JSON.stringify(text)}, found ${found.length}.`);
  return found[0];
}

/**
 * Compiles the fixture (with `edits`) into a fresh folder as a real build would: one .js and one
 * .js.map per file, the maps pointing at the TypeScript copied beside them. node_modules is the
 * repository's, linked in.
 */
export function buildVerifyApp(edits: SourceEdits = {}): BuiltApp {
  const root = tempDir('verify-app-');
  const srcRoot = path.join(VERIFY_APP_SOURCE, 'src');
  const sources = new Map<string, string>();
  for (const file of sourceFiles(srcRoot)) {
    const key = file.split(path.sep).join('/');
    let text = fs.readFileSync(path.join(srcRoot, file), 'utf8');
    if (edits[key]) text = edits[key](text);
    sources.set(key, text);
    const tsFile = path.join(root, 'src', file);
    const jsFile = path.join(root, file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(tsFile), { recursive: true });
    fs.mkdirSync(path.dirname(jsFile), { recursive: true });
    fs.writeFileSync(tsFile, text);
    const out = ts.transpileModule(text, {
      fileName: tsFile,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: true },
    });
    const map = JSON.parse(out.sourceMapText!) as { sources: string[]; file: string };
    map.sources = [path.relative(path.dirname(jsFile), tsFile).split(path.sep).join('/')];
    map.file = path.basename(jsFile);
    fs.writeFileSync(jsFile, out.outputText.replace(/\/\/# sourceMappingURL=.*$/m, `//# sourceMappingURL=${path.basename(jsFile)}.map`));
    fs.writeFileSync(`${jsFile}.map`, JSON.stringify(map));
  }
  for (const name of ['host.json', 'package.json']) fs.copyFileSync(path.join(VERIFY_APP_SOURCE, name), path.join(root, name));
  fs.symlinkSync(path.join(APP_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const key of Object.keys(edits)) if (!sources.has(key)) throw new Error(`The fixture has no src/${key}.`);
  return {
    root,
    source: (file) => sources.get(file)!,
    sourcePath: (file) => path.join(root, 'src', ...file.split('/')),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
