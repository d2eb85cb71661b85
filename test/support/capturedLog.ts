import { HostLogger } from '../../src/host/logging/HostLogger';

/** A host logger that keeps every line at information level and above, for tests that read the log. */
export function capturedLog(): { logger: HostLogger; lines: string[]; text(): string } {
  const lines: string[] = [];
  return { logger: new HostLogger({ default: 'information', categories: {} }, (line) => lines.push(line)), lines, text: () => lines.join('\n') };
}
