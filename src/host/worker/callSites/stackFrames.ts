import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFrame } from '../Invoker';

// `    at name (file:line:column)` or `    at file:line:column`; the file may be a file:// URL.
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

function fileOf(location: string): string | undefined {
  if (location.startsWith('file://')) return fileURLToPath(location);
  return path.isAbsolute(location) ? location : undefined;
}

/** Whether a file is the app's own code: not Node itself, not a package. */
export function isAppFile(file: string): boolean {
  return !file.split(path.sep).includes('node_modules');
}

/** The frames of a V8 stack that lie in files on disk, innermost first. */
export function parseStack(stack: string): SourceFrame[] {
  const frames: SourceFrame[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const file = fileOf(match[1]);
    if (file) frames.push({ file, line: Number(match[2]), column: Number(match[3]) });
  }
  return frames;
}
