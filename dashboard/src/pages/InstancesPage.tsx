import { useEffect, useRef, useState } from 'preact/hooks';
import { type Answer, type Instance, type InstanceFilter, STATUSES, api, countInstances } from '../api';
import { StatusBadge } from '../components/StatusBadge';
import { age, localTime } from '../format';
import { useInterval } from '../hooks';
import { type Route, href, navigate } from '../route';

const REFRESH_MS = 5000;

interface Filters extends InstanceFilter {
  name: string;
  size: number;
}

function filtersFrom(params: URLSearchParams): Filters {
  return {
    statuses: (params.get('status') ?? '').split(',').filter((s) => STATUSES.includes(s)),
    name: params.get('name') ?? '',
    prefix: params.get('prefix') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    size: Number(params.get('size')) || 25,
  };
}

function filterParams(f: Filters): Record<string, string | undefined> {
  return { status: f.statuses.join(','), name: f.name, prefix: f.prefix, from: f.from, to: f.to, size: f.size === 25 ? undefined : String(f.size) };
}

type Counts = Record<string, { count: number; capped: boolean } | undefined>;

export function InstancesPage({ route }: { route: Route }) {
  const applied = filtersFrom(route.params);
  const key = JSON.stringify(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  // Paging belongs to one set of filters: tokens[i] is the continuation token that reads page i (page 0 needs none).
  const [paging, setPaging] = useState<{ key: string; page: number; tokens: (string | undefined)[] }>({ key, page: 0, tokens: [undefined] });
  const page = paging.key === key ? paging.page : 0;
  const tokens = paging.key === key ? paging.tokens : [undefined];
  const setPage = (n: number) => setPaging({ key, page: n, tokens });
  const latestKey = useRef(key);
  latestKey.current = key;
  const [answer, setAnswer] = useState<Answer<Instance[]> | undefined>();
  const [counts, setCounts] = useState<Counts>({});
  const [auto, setAuto] = useState(true);
  const [loadedAt, setLoadedAt] = useState<number | undefined>();

  useEffect(() => setDraft(applied), [key]);

  const load = async () => {
    const forKey = key;
    const res = await api.queryInstances(applied, applied.size, tokens[page]);
    // An answer for filters that changed meanwhile is dropped.
    if (latestKey.current !== forKey) return;
    if (res.ok && applied.name) res.body = res.body.filter((i) => i.name.toLowerCase() === applied.name.trim().toLowerCase());
    setAnswer(res);
    if (res.ok) setPaging((p) => (p.key === forKey || page === 0 ? { key: forKey, page, tokens: [...(p.key === forKey ? p.tokens : [undefined]).slice(0, page + 1), res.continuationToken] } : p));
    setLoadedAt(Date.now());
    const found = await Promise.all(STATUSES.map((s) => countInstances(applied, s, applied.name)));
    if (latestKey.current !== forKey) return;
    setCounts(Object.fromEntries(STATUSES.map((s, i) => [s, found[i]])));
  };
  useEffect(() => void load(), [key, page]);
  useInterval(() => void load(), REFRESH_MS, auto);

  const apply = (f: Filters) => navigate(['instances'], filterParams(f));
  const toggleStatus = (s: string) => setDraft({ ...draft, statuses: draft.statuses.includes(s) ? draft.statuses.filter((x) => x !== s) : [...draft.statuses, s] });
  const total = Object.values(counts).reduce((n, c) => n + (c?.count ?? 0), 0);

  return (
    <div>
      <h1>Instances</h1>
      <div class="counts" data-testid="counts">
        <button type="button" class={`count ${applied.statuses.length === 0 ? 'selected' : ''}`} onClick={() => apply({ ...applied, statuses: [] })}>
          <span class="count-n">{total}</span> all
        </button>
        {STATUSES.map((s) => (
          <button type="button" key={s} data-status={s} class={`count count-${s.toLowerCase()} ${applied.statuses.length === 1 && applied.statuses[0] === s ? 'selected' : ''}`} onClick={() => apply({ ...applied, statuses: [s] })}>
            <span class="count-n">{counts[s] ? `${counts[s]!.count}${counts[s]!.capped ? '+' : ''}` : '…'}</span> {s}
          </button>
        ))}
      </div>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <fieldset class="status-filter">
          <legend>Status</legend>
          {STATUSES.map((s) => (
            <label key={s} class="inline">
              <input type="checkbox" name="status" value={s} checked={draft.statuses.includes(s)} onChange={() => toggleStatus(s)} /> {s}
            </label>
          ))}
        </fieldset>
        <label>
          Orchestration name
          <input name="name" value={draft.name} onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} placeholder="any" />
        </label>
        <label>
          Instance id prefix
          <input name="prefix" value={draft.prefix} onInput={(e) => setDraft({ ...draft, prefix: e.currentTarget.value })} placeholder="any" />
        </label>
        <label>
          Created from
          <input type="datetime-local" name="from" step="1" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </label>
        <label>
          Created to
          <input type="datetime-local" name="to" step="1" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </label>
        <label>
          Per page
          <select name="size" value={String(draft.size)} onChange={(e) => setDraft({ ...draft, size: Number(e.currentTarget.value) })}>
            {[10, 25, 50, 100].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <div class="filter-buttons">
          <button type="submit" class="primary">
            Apply filters
          </button>
          <button type="button" onClick={() => apply({ statuses: [], name: '', prefix: '', from: '', to: '', size: 25 })}>
            Clear
          </button>
        </div>
      </form>
      <div class="toolbar">
        <label class="inline">
          <input type="checkbox" name="auto-refresh" checked={auto} onChange={(e) => setAuto(e.currentTarget.checked)} /> refresh every {REFRESH_MS / 1000} s
        </label>
        <button type="button" onClick={() => void load()}>
          Refresh now
        </button>
        {loadedAt ? <span class="muted">loaded {localTime(loadedAt)}</span> : null}
        {applied.name ? <span class="muted">The name is matched in each page (the management API has no name filter).</span> : null}
      </div>
      {answer && !answer.ok ? (
        <p class="problem">
          The API answered HTTP {answer.status}: {answer.text}
        </p>
      ) : null}
      {answer?.ok ? (
        <>
          <table class="instances" data-testid="instances">
            <thead>
              <tr>
                <th>Instance id</th>
                <th>Orchestration</th>
                <th>Status</th>
                <th>Created</th>
                <th>Last updated</th>
              </tr>
            </thead>
            <tbody>
              {answer.body.length === 0 ? (
                <tr>
                  <td colSpan={5} class="muted">
                    No instance matches.
                  </td>
                </tr>
              ) : null}
              {answer.body.map((i) => (
                <tr key={i.instanceId} data-instance={i.instanceId}>
                  <td>
                    <a href={href(['instances', i.instanceId])}>{i.instanceId}</a>
                  </td>
                  <td>{i.name}</td>
                  <td>
                    <StatusBadge status={i.runtimeStatus} />
                  </td>
                  <td title={i.createdTime}>
                    {localTime(i.createdTime)} <span class="muted">({age(i.createdTime)})</span>
                  </td>
                  <td title={i.lastUpdatedTime}>
                    {localTime(i.lastUpdatedTime)} <span class="muted">({age(i.lastUpdatedTime)})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="pager">
            <button type="button" disabled={page === 0} onClick={() => setPage(0)}>
              First page
            </button>
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <span>Page {page + 1}</span>
            <button type="button" disabled={!tokens[page + 1]} onClick={() => setPage(page + 1)}>
              Next page
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
