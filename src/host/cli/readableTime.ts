/** `2026-05-01 14:03:27 UTC (5 min ago)`: the time in UTC to the second, and how long ago it was. */
export function readableTime(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC (${age(now - t)})`;
}

/** A short duration: `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 d ago`; ahead of now: `in 5 min`. */
export function age(ms: number): string {
  const ahead = ms < 0;
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 2) return 'just now';
  const amount = s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : s < 86_400 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 86_400)} d`;
  return ahead ? `in ${amount}` : `${amount} ago`;
}

/** A duration between two times, for history rows: `120 ms`, `4.2 s`, `3 min 5 s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return min < 60 ? `${min} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.floor(min / 60)} h ${min % 60} min`;
}
