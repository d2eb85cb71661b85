/** One command of a README block, with what its comment says it answers. */
export interface ReadmeCommand {
  /** As written (continuation lines joined), without the comment. */
  command: string;
  comment: string;
  expectedStatus?: number;
  /** The part of the JSON body the comment shows; the body must contain it. */
  expectedBody?: unknown;
}

export interface ReadmeBlock {
  /** The heading the block sits under, to name it in a failure. */
  section: string;
  line: number;
  commands: ReadmeCommand[];
}

const MARKER = '<!-- runnable -->';

/** The shell blocks marked `<!-- runnable -->` (on the line before the fence), in README order. */
export function runnableBlocks(readme: string): ReadmeBlock[] {
  const lines = readme.split('\n');
  const blocks: ReadmeBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^#{1,6} /.test(lines[i])) section = lines[i].replace(/^#+ /, '');
    if (lines[i].trim() !== MARKER) continue;
    if (!/^```(sh|bash|shell)\s*$/.test(lines[i + 1] ?? '')) throw new Error(`README line ${i + 1}: ${MARKER} must stand right before a \`\`\`sh block.`);
    const body: string[] = [];
    let j = i + 2;
    for (; j < lines.length && !lines[j].startsWith('```'); j++) body.push(lines[j]);
    if (j === lines.length) throw new Error(`README line ${i + 2}: the block never closes.`);
    blocks.push({ section, line: i + 2, commands: commandsOf(body) });
    i = j;
  }
  return blocks;
}

function commandsOf(body: string[]): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let pending = '';
  for (const line of body) {
    if (pending === '' && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const [command, comment] = splitComment(pending + line);
    pending = '';
    commands.push({ command: command.trim(), comment, ...expectationOf(comment) });
  }
  return commands;
}

/** Splits a shell line at the first `#` that starts a comment: outside quotes, after a space. */
function splitComment(line: string): [string, string] {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return [line.slice(0, i), line.slice(i + 1).trim()];
  }
  return [line, ''];
}

/** `202`, `200 {"status":"Completed"}`, `{"value":3} and some words`: a status, then a JSON value, then prose. */
function expectationOf(comment: string): Pick<ReadmeCommand, 'expectedStatus' | 'expectedBody'> {
  const status = /^(\d{3})\b\s*/.exec(comment);
  const rest = status ? comment.slice(status[0].length) : comment;
  const expectation: Pick<ReadmeCommand, 'expectedStatus' | 'expectedBody'> = status ? { expectedStatus: Number(status[1]) } : {};
  if (!/^[{[]/.test(rest)) return expectation;
  // The longest prefix that is JSON is the body; what follows it is prose.
  for (let end = rest.length; end > 0; end--) {
    if (rest[end - 1] !== '}' && rest[end - 1] !== ']') continue;
    try {
      return { ...expectation, expectedBody: JSON.parse(rest.slice(0, end)) };
    } catch {
      // shorter
    }
  }
  throw new Error(`The comment "${comment}" starts like JSON but holds none: write the body part as JSON.`);
}

/** Whether `actual` holds everything `expected` shows: objects by their listed keys, arrays element by element. */
export function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => contains(actual[i], e));
  if (expected !== null && typeof expected === 'object') {
    return actual !== null && typeof actual === 'object' && Object.entries(expected).every(([k, v]) => contains((actual as Record<string, unknown>)[k], v));
  }
  return Object.is(actual, expected);
}
