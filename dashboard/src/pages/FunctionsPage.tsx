import { useEffect, useState } from 'preact/hooks';
import { type Answer, type FunctionInfo, api } from '../api';

const DETAIL_FIELDS = ['route', 'methods', 'authLevel', 'schedule', 'queueName', 'connection', 'path', 'runOnStartup'];

function trigger(fn: FunctionInfo): Record<string, unknown> | undefined {
  return fn.config.bindings?.find((b) => String(b.type ?? '').toLowerCase().endsWith('trigger'));
}

function triggerDetails(binding: Record<string, unknown> | undefined): string {
  if (!binding) return '';
  return DETAIL_FIELDS.filter((f) => binding[f] !== undefined)
    .map((f) => `${f}: ${Array.isArray(binding[f]) ? (binding[f] as unknown[]).join(',') : String(binding[f])}`)
    .join('  ');
}

/** The app's functions and their triggers, from the Functions host's `GET /admin/functions`. */
export function FunctionsPage() {
  const [answer, setAnswer] = useState<Answer<FunctionInfo[]> | undefined>();
  useEffect(() => void api.functions().then(setAnswer), []);
  if (!answer) return <p class="muted">Loading…</p>;
  if (!answer.ok) {
    return (
      <div>
        <h1>Functions</h1>
        <p class="problem">
          {answer.status === 401 || answer.status === 403
            ? 'The functions list (GET /admin/functions) needs the master key: open the dashboard with ?code=<master key>, or give durable-host dashboard the master key.'
            : `The API answered HTTP ${answer.status}: ${answer.text}`}
        </p>
      </div>
    );
  }
  const byType = new Map<string, number>();
  for (const fn of answer.body) {
    const type = String(trigger(fn)?.type ?? 'none');
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  return (
    <div>
      <h1>Functions</h1>
      <p class="muted">
        {answer.body.length} functions: {[...byType].map(([t, n]) => `${n} ${t}`).join(', ')}
      </p>
      <table class="functions" data-testid="functions">
        <thead>
          <tr>
            <th>Name</th>
            <th>Trigger</th>
            <th>Settings</th>
            <th>URL</th>
            <th>Other bindings</th>
          </tr>
        </thead>
        <tbody>
          {answer.body.map((fn) => {
            const t = trigger(fn);
            const others = (fn.config.bindings ?? []).filter((b) => b !== t && b.name !== '$return');
            return (
              <tr key={fn.name} class={fn.isDisabled ? 'disabled' : ''}>
                <td>
                  {fn.name}
                  {fn.isDisabled ? <span class="badge status-terminated">disabled</span> : null}
                </td>
                <td>
                  <span class="kind">{String(t?.type ?? '')}</span>
                </td>
                <td class="details">{triggerDetails(t)}</td>
                <td class="details">{fn.invoke_url_template ?? ''}</td>
                <td class="details">{others.map((b) => `${String(b.type)} (${String(b.direction)})`).join(', ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
