import { useEffect, useState } from 'preact/hooks';
import { type Answer, type HistoryEvent, type Instance, TERMINAL, api } from '../api';
import { HistoryTable } from '../components/HistoryTable';
import { InstanceActions } from '../components/InstanceActions';
import { JsonBlock } from '../components/JsonBlock';
import { StatusBadge } from '../components/StatusBadge';
import { TimelineChart } from '../components/TimelineChart';
import { age, duration, localTime } from '../format';
import { useInterval } from '../hooks';
import { href } from '../route';

const REFRESH_MS = 2000;

/**
 * The parent's id: from the history when the API shows it, else from the SDK's id for a child
 * (`<parent>:<n>`), kept only when that parent's history did create this child.
 */
async function findParent(instance: Instance): Promise<string | undefined> {
  const started = instance.historyEvents?.find((e) => e.EventType === 'ExecutionStarted');
  const told = started?.ParentInstance?.OrchestrationInstance?.InstanceId ?? started?.ParentInstance?.InstanceId;
  if (told) return told;
  const guess = /^(.+):\d+$/.exec(instance.instanceId)?.[1];
  if (!guess) return undefined;
  const parent = await api.instance(guess);
  return parent.ok && parent.body.historyEvents?.some((e) => e.EventType === 'SubOrchestrationInstanceCreated' && e.InstanceId === instance.instanceId) ? guess : undefined;
}

function children(history: HistoryEvent[]): { id: string; name: string; state: string }[] {
  const ended = new Map<number | undefined, string>();
  for (const e of history) {
    if (e.EventType === 'SubOrchestrationInstanceCompleted') ended.set(e.TaskScheduledId, 'completed');
    if (e.EventType === 'SubOrchestrationInstanceFailed') ended.set(e.TaskScheduledId, 'failed');
  }
  return history
    .filter((e) => e.EventType === 'SubOrchestrationInstanceCreated' && e.InstanceId)
    .map((e) => ({ id: e.InstanceId!, name: e.Name ?? '', state: ended.get(e.EventId) ?? 'running' }));
}

function failureDetails(history: HistoryEvent[]): HistoryEvent[] {
  return history.filter((e) => e.Details || e.EventType === 'TaskFailed' || e.EventType === 'SubOrchestrationInstanceFailed');
}

export function InstancePage({ instanceId }: { instanceId: string }) {
  const [answer, setAnswer] = useState<Answer<Instance> | undefined>();
  const [parent, setParent] = useState<string | undefined>();
  const [now, setNow] = useState(Date.now());

  const load = async () => {
    const res = await api.instance(instanceId);
    setNow(Date.now());
    setAnswer(res);
  };
  useEffect(() => {
    setAnswer(undefined);
    setParent(undefined);
    void load();
  }, [instanceId]);
  const instance = answer?.ok ? answer.body : undefined;
  useEffect(() => {
    if (instance) void findParent(instance).then(setParent);
  }, [instance?.instanceId]);
  useInterval(() => void load(), REFRESH_MS, !!instance && !TERMINAL.has(instance.runtimeStatus));

  if (!answer) return <p class="muted">Loading {instanceId}…</p>;
  if (!instance) {
    return (
      <div>
        <p>
          <a href={href(['instances'])}>← Instances</a>
        </p>
        <p class="problem">
          {answer.status === 404 ? `No instance with id '${instanceId}' exists (any more).` : `The API answered HTTP ${answer.status}: ${answer.text}`}
        </p>
      </div>
    );
  }
  const history = instance.historyEvents ?? [];
  const kids = children(history);
  const failed = instance.runtimeStatus === 'Failed';
  const finished = TERMINAL.has(instance.runtimeStatus);
  return (
    <div>
      <p>
        <a href={href(['instances'])}>← Instances</a>
      </p>
      <h1 class="instance-title">
        <span data-testid="instance-id">{instance.instanceId}</span> <StatusBadge status={instance.runtimeStatus} />
      </h1>
      <dl class="facts">
        <dt>Orchestration</dt>
        <dd>{instance.name}</dd>
        <dt>Created</dt>
        <dd title={instance.createdTime}>
          {localTime(instance.createdTime)} <span class="muted">({age(instance.createdTime, now)})</span>
        </dd>
        <dt>Last updated</dt>
        <dd title={instance.lastUpdatedTime}>
          {localTime(instance.lastUpdatedTime)} <span class="muted">({age(instance.lastUpdatedTime, now)})</span>
        </dd>
        <dt>{finished ? 'Took' : 'Running for'}</dt>
        <dd>{duration((finished ? Date.parse(instance.lastUpdatedTime) : now) - Date.parse(instance.createdTime))}</dd>
        {parent ? (
          <>
            <dt>Parent</dt>
            <dd>
              <a href={href(['instances', parent])} data-testid="parent-link">
                {parent}
              </a>
            </dd>
          </>
        ) : null}
        {kids.length ? (
          <>
            <dt>Sub-orchestrations</dt>
            <dd>
              {kids.map((k) => (
                <span key={k.id} class="child">
                  <a href={href(['instances', k.id])}>{k.id}</a> <span class="muted">({k.name}, {k.state})</span>
                </span>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      <InstanceActions instance={instance} onDone={() => void load()} />
      {failed ? (
        <section class="failure" data-testid="failure">
          <h2>Failure</h2>
          {/* The output is the message and the stack; the stack is in the details below. */}
          <pre data-testid="failure-message">{typeof instance.output === 'string' ? instance.output.split(/\s*\n/)[0] : JSON.stringify(instance.output, null, 2)}</pre>
          {failureDetails(history).map((e, i) => (
            <details key={i}>
              <summary>
                {e.EventType} {e.Name ?? ''} {e.Reason ? `: ${e.Reason.split('\n')[0]}` : ''}
              </summary>
              <pre>{e.Details ?? e.Reason}</pre>
            </details>
          ))}
        </section>
      ) : null}
      <div class="json-grid">
        <JsonBlock label="Input" value={instance.input} />
        {failed ? null : <JsonBlock label="Output" value={instance.output} />}
        <JsonBlock label="Custom status" value={instance.customStatus} />
      </div>
      <h2>Timeline</h2>
      <TimelineChart history={history} now={now} />
      <h2>History</h2>
      <HistoryTable history={history} />
    </div>
  );
}
