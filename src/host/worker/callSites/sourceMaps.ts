import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFrame } from '../Invoker';

interface LoadedMap {
  map: SourceMap;
  /** What the map's sources are relative to. */
  base: string;
}

/**
 * Maps positions in the app's compiled JavaScript back to its sources through the `.map` files the
 * compiler wrote beside it (TypeScript's `sourceMap`). Files without a map keep their position.
 */
export class SourceMapLookup {
  private readonly maps = new Map<string, LoadedMap | null>();

  /** The original position of `frame` (1-based line and column), or the frame itself. */
  original(frame: SourceFrame): SourceFrame {
    const loaded = this.mapOf(frame.file);
    if (!loaded) return frame;
    const entry = loaded.map.findEntry(frame.line - 1, frame.column - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    if (!entry?.originalSource || entry.originalLine === undefined) return frame;
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(loaded.base, entry.originalSource);
    return { file: source, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
  }

  /** The source file a compiled file was made from (its map's first source), if it has a map. */
  sourceOf(file: string): string | undefined {
    const loaded = this.mapOf(file);
    const source = (loaded?.map.payload as { sources?: string[] } | undefined)?.sources?.[0];
    if (!loaded || !source) return undefined;
    return source.startsWith('file:') ? fileURLToPath(source) : path.resolve(loaded.base, source);
  }

  private mapOf(file: string): LoadedMap | undefined {
    if (this.maps.has(file)) return this.maps.get(file) ?? undefined;
    let loaded: LoadedMap | null = null;
    try {
      loaded = readMap(file);
    } catch {
      // A missing or broken map leaves the compiled position, which is still a true one.
    }
    this.maps.set(file, loaded);
    return loaded ?? undefined;
  }
}

const SOURCE_MAPPING_URL = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;

function readMap(file: string): LoadedMap | null {
  if (!/\.[cm]?js$/.test(file) || !fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8');
  const tail = text.slice(Math.max(0, text.length - 4096));
  const url = SOURCE_MAPPING_URL.exec(tail)?.[1];
  let json: string;
  let mapFile: string;
  if (url?.startsWith('data:')) {
    const comma = url.indexOf(',');
    const data = url.slice(comma + 1);
    json = url.slice(0, comma).endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
    mapFile = file;
  } else {
    mapFile = url ? path.resolve(path.dirname(file), decodeURIComponent(url)) : `${file}.map`;
    if (!fs.existsSync(mapFile)) return null;
    json = fs.readFileSync(mapFile, 'utf8');
  }
  const payload = JSON.parse(json) as { sourceRoot?: string };
  const base = path.resolve(path.dirname(mapFile), payload.sourceRoot ?? '');
  return { map: new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]), base };
}
