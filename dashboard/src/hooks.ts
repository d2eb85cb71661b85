import { useEffect, useRef } from 'preact/hooks';

/** Calls `tick` every `ms` while `on`; the latest `tick` is used, so it may close over fresh state. */
export function useInterval(tick: () => void, ms: number, on: boolean): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => latest.current(), ms);
    return () => clearInterval(timer);
  }, [ms, on]);
}
