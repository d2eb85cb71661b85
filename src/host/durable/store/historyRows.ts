import type { HistoryEvent } from '../model/history';

/**
 * The history as events, from its stored rows: each row holds the events one episode appended, as
 * their JSON texts joined by commas (older stores hold one event a row, which reads the same way).
 */
export function parseHistoryRows(rows: readonly string[]): HistoryEvent[] {
  return rows.length ? (JSON.parse(`[${rows.join(',')}]`) as HistoryEvent[]) : [];
}
