import { useEffect, useState } from 'preact/hooks';
import { type Answer, type EntityRow, api } from '../api';
import { AnswerBox } from '../components/AnswerBox';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { age, jsonError, localTime, shortJson } from '../format';
import { type Route, href, navigate } from '../route';

const PAGE_SIZE = 50;

/** One entity's state, and a form to signal it (a signal runs soon after; the state is read again until it changes). */
function EntityPanel({ name, entityKey, onSignalled }: { name: string; entityKey: string; onSignalled: () => void }) {
  const [state, setState] = useState<Answer | undefined>();
  const [operation, setOperation] = useState('');
  const [input, setInput] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<Answer | undefined>();

  const read = async () => {
    const res = await api.entity(name, entityKey);
    setState(res);
    return res;
  };
  useEffect(() => {
    setResult(undefined);
    void read();
  }, [name, entityKey]);

  const signal = async () => {
    const before = state?.text;
    const res = await api.signal(name, entityKey, operation.trim(), input.trim() || undefined);
    setResult(res);
    setConfirming(false);
    if (!res.ok) return;
    // The operation runs after the answer: read until the state changes, for a few seconds.
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 250));
      if ((await read()).text !== before) break;
    }
    onSignalled();
  };

  return (
    <section class="entity-panel" data-testid="entity-panel">
      <h2>
        {name} / {entityKey}
      </h2>
      <h3>State</h3>
      {!state ? <p class="muted">Loading…</p> : state.ok ? <pre data-testid="entity-state">{JSON.stringify(state.body, null, 2)}</pre> : <p class="muted">{state.status === 404 ? 'This entity does not exist (yet).' : `HTTP ${state.status}: ${state.text}`}</p>}
      <form
        class="signal-form"
        onSubmit={(e) => {
          e.preventDefault();
          setConfirming(true);
        }}
      >
        <label>
          Operation
          <input name="operation" value={operation} onInput={(e) => setOperation(e.currentTarget.value)} placeholder="add" />
        </label>
        <label>
          Input (JSON, optional)
          <input name="input" value={input} onInput={(e) => setInput(e.currentTarget.value)} placeholder="5" />
        </label>
        <button type="submit" class="primary" disabled={!operation.trim() || !!jsonError(input)}>
          Signal…
        </button>
        {jsonError(input) ? <span class="problem">{jsonError(input)}</span> : null}
      </form>
      {result ? <AnswerBox what={`Signal '${operation.trim()}'`} answer={result} /> : null}
      {confirming ? (
        <ConfirmDialog title={`Signal ${name}/${entityKey}`} confirmLabel="Send signal" onCancel={() => setConfirming(false)} onConfirm={() => void signal()}>
          <p>
            Operation <code>{operation.trim()}</code> with input <code>{input.trim() || '(none)'}</code>.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

export function EntitiesPage({ route }: { route: Route }) {
  const nameFilter = route.params.get('name') ?? '';
  const [draft, setDraft] = useState(nameFilter);
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState(0);
  const [answer, setAnswer] = useState<Answer<EntityRow[]> | undefined>();
  const [target, setTarget] = useState({ name: '', key: '' });
  const [selectedName, selectedKey] = route.path.length === 3 ? [route.path[1], route.path[2]] : [];

  const load = async () => {
    const res = await api.entities(nameFilter.trim(), PAGE_SIZE, tokens[page]);
    setAnswer(res);
    if (res.ok) setTokens((t) => [...t.slice(0, page + 1), res.continuationToken]);
  };
  useEffect(() => {
    setDraft(nameFilter);
    setTokens([undefined]);
    setPage(0);
  }, [nameFilter]);
  useEffect(() => void load(), [nameFilter, page]);

  return (
    <div>
      <h1>Entities</h1>
      <div class="entities-layout">
        <div>
          <form
            class="filters"
            onSubmit={(e) => {
              e.preventDefault();
              navigate(['entities'], { name: draft.trim() });
            }}
          >
            <label>
              Entity name
              <input name="entity-name" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} placeholder="any" />
            </label>
            <div class="filter-buttons">
              <button type="submit" class="primary">
                Filter
              </button>
              <button type="button" onClick={() => void load()}>
                Refresh
              </button>
            </div>
          </form>
          {answer && !answer.ok ? <p class="problem">The API answered HTTP {answer.status}: {answer.text}</p> : null}
          {answer?.ok ? (
            <table class="entities" data-testid="entities">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Key</th>
                  <th>Last operation</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {answer.body.length === 0 ? (
                  <tr>
                    <td colSpan={4} class="muted">
                      No entity yet.
                    </td>
                  </tr>
                ) : null}
                {answer.body.map((e) => (
                  <tr key={`${e.entityId.name}@${e.entityId.key}`} class={e.entityId.name === selectedName && e.entityId.key === selectedKey ? 'selected' : ''}>
                    <td>{e.entityId.name}</td>
                    <td>
                      <a href={href(['entities', e.entityId.name, e.entityId.key], { name: nameFilter })}>{e.entityId.key}</a>
                    </td>
                    <td title={e.lastOperationTime}>
                      {localTime(e.lastOperationTime)} <span class="muted">({age(e.lastOperationTime)})</span>
                    </td>
                    <td>
                      <code>{shortJson(e.state, 60)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <div class="pager">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <span>Page {page + 1}</span>
            <button type="button" disabled={!tokens[page + 1]} onClick={() => setPage(page + 1)}>
              Next page
            </button>
          </div>
          <form
            class="filters"
            onSubmit={(e) => {
              e.preventDefault();
              navigate(['entities', target.name.trim(), target.key.trim()], { name: nameFilter });
            }}
          >
            <label>
              Open entity: name
              <input name="open-name" value={target.name} onInput={(e) => setTarget({ ...target, name: e.currentTarget.value })} placeholder="Counter" />
            </label>
            <label>
              key
              <input name="open-key" value={target.key} onInput={(e) => setTarget({ ...target, key: e.currentTarget.value })} placeholder="c1" />
            </label>
            <div class="filter-buttons">
              <button type="submit" disabled={!target.name.trim() || !target.key.trim()}>
                Open
              </button>
            </div>
          </form>
        </div>
        {selectedName !== undefined && selectedKey !== undefined ? <EntityPanel name={selectedName} entityKey={selectedKey} onSignalled={() => void load()} /> : null}
      </div>
    </div>
  );
}
