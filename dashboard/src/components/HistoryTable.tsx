import type { HistoryEvent } from '../api';
import { duration, localTime, shortJson } from '../format';
import { href } from '../route';

function details(e: HistoryEvent): string {
  const parts: string[] = [];
  if (e.FireAt) parts.push(`fires ${localTime(e.FireAt)}`);
  if (e.Reason) parts.push(`reason: ${shortJson(e.Reason, 120)}`);
  if (e.Input !== undefined && e.Input !== null) parts.push(`input ${shortJson(e.Input)}`);
  if (e.Result !== undefined && e.Result !== null) parts.push(`result ${shortJson(e.Result)}`);
  return parts.join('; ');
}

/** The history, one event a row; completions carry the name of what they complete. */
export function HistoryTable({ history }: { history: HistoryEvent[] }) {
  const start = history.length ? Date.parse(history[0].Timestamp) : 0;
  const names = new Map(history.filter((e) => e.EventId !== undefined && e.EventId >= 0 && e.Name).map((e) => [e.EventId, e.Name]));
  return (
    <table class="history" data-testid="history">
      <thead>
        <tr>
          <th>Time</th>
          <th>+</th>
          <th>Event</th>
          <th>Name</th>
          <th>Id</th>
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {history.map((e, i) => {
          const ref = e.TaskScheduledId ?? e.TimerId;
          const failed = e.EventType.endsWith('Failed') || (e as { OrchestrationStatus?: string }).OrchestrationStatus === 'Failed';
          return (
            <tr key={i} class={failed ? 'row-failed' : ''}>
              <td class="nowrap">{localTime(e.Timestamp)}</td>
              <td class="nowrap muted">{duration(Date.parse(e.Timestamp) - start)}</td>
              <td>{e.EventType}</td>
              <td>{e.InstanceId ? <a href={href(['instances', e.InstanceId])}>{e.Name ?? e.FunctionName}</a> : e.Name ?? e.FunctionName ?? (ref !== undefined ? names.get(ref) : '')}</td>
              <td class="muted">{e.EventId !== undefined && e.EventId >= 0 ? e.EventId : ref !== undefined ? `→ ${ref}` : ''}</td>
              <td class="details">
                {details(e)}
                {e.Details ? (
                  <details>
                    <summary>details</summary>
                    <pre>{e.Details}</pre>
                  </details>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
