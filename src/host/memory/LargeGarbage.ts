import v8 from 'node:v8';
import vm from 'node:vm';

// Garbage worth collecting at once: past this much text let go since the last collection, collect.
const COLLECT_AFTER_BYTES = 192 * 1024 * 1024;
const SMALL = 1024 * 1024;

let collect: (() => void) | undefined | null;
let since = 0;

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/**
 * Records that `bytes` of text were just let go (a large activity result after its commit, an
 * episode's payload). V8 lets such garbage pile up to gigabytes before it collects it, while what
 * is still in use stays small; collecting once a few hundred megabytes have been let go keeps the
 * host's memory near what it uses. Small payloads never trigger it.
 */
export function releasedLargeText(bytes: number): void {
  if (bytes < SMALL) return;
  since += bytes;
  if (since < COLLECT_AFTER_BYTES) return;
  since = 0;
  collector()?.();
}
