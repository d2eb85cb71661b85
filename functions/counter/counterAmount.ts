/** What `add` accepts: a finite JSON number (negative numbers count down). */
export function isCounterAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
