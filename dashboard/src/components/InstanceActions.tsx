import { useState } from 'preact/hooks';
import { type Answer, type Instance, TERMINAL, api } from '../api';
import { jsonError } from '../format';
import { href } from '../route';
import { AnswerBox } from './AnswerBox';
import { ConfirmDialog } from './ConfirmDialog';

type Action = 'raise' | 'terminate' | 'suspend' | 'resume' | 'rewind' | 'restart' | 'purge';

const LABELS: Record<Action, string> = { raise: 'Raise event', terminate: 'Terminate', suspend: 'Suspend', resume: 'Resume', rewind: 'Rewind', restart: 'Restart', purge: 'Purge' };
const ACTIONS = Object.keys(LABELS) as Action[];

/** Why an action does not apply to the instance now, or undefined when it does. */
function notNow(action: Action, status: string): string | undefined {
  const finished = TERMINAL.has(status);
  switch (action) {
    case 'raise':
    case 'terminate':
      return finished ? `The instance is ${status}.` : undefined;
    case 'suspend':
      return finished || status === 'Suspended' ? `The instance is ${status}.` : undefined;
    case 'resume':
      return status === 'Suspended' ? undefined : 'Only a suspended instance is resumed.';
    case 'rewind':
      return status === 'Failed' ? undefined : 'Only a failed instance is rewound.';
    case 'purge':
      return finished ? undefined : 'Only a finished instance is purged.';
    default:
      return undefined;
  }
}

/** The buttons that steer an instance; each asks for confirmation and shows what the API answered. */
export function InstanceActions({ instance, onDone }: { instance: Instance; onDone: () => void }) {
  const [open, setOpen] = useState<Action | undefined>();
  const [eventName, setEventName] = useState('');
  const [data, setData] = useState('');
  const [reason, setReason] = useState('');
  const [newId, setNewId] = useState(true);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ what: string; answer: Answer; newId?: string } | undefined>();
  const id = instance.instanceId;

  const run = async (action: Action) => {
    setBusy(true);
    try {
      let answer: Answer;
      if (action === 'raise') answer = await api.raiseEvent(id, eventName.trim(), data.trim() || undefined);
      else if (action === 'restart') answer = await api.restart(id, newId);
      else if (action === 'purge') answer = await api.purge(id);
      else answer = await api.operate(id, action, reason.trim() || undefined);
      const restarted = action === 'restart' && answer.ok ? (answer.body as { id?: string }).id : undefined;
      setResult({ what: action === 'raise' ? `Raise '${eventName.trim()}'` : LABELS[action], answer, newId: restarted });
      setOpen(undefined);
      onDone();
    } finally {
      setBusy(false);
    }
  };

  const problem = open === 'raise' ? (!eventName.trim() ? 'Name the event.' : jsonError(data)) : undefined;
  return (
    <section class="actions">
      <div class="action-buttons">
        {ACTIONS.map((action) => {
          const why = notNow(action, instance.runtimeStatus);
          return (
            <button key={action} type="button" class={action === 'terminate' || action === 'purge' ? 'danger' : ''} disabled={!!why} title={why ?? ''} onClick={() => setOpen(action)}>
              {LABELS[action]}
            </button>
          );
        })}
      </div>
      {result ? (
        <div>
          <AnswerBox what={result.what} answer={result.answer} />
          {result.newId ? (
            <p>
              New instance: <a href={href(['instances', result.newId])}>{result.newId}</a>
            </p>
          ) : null}
        </div>
      ) : null}
      {open ? (
        <ConfirmDialog
          title={`${LABELS[open]}: ${id}`}
          confirmLabel={open === 'raise' ? 'Raise event' : LABELS[open]}
          danger={open === 'terminate' || open === 'purge'}
          problem={problem}
          busy={busy}
          onCancel={() => setOpen(undefined)}
          onConfirm={() => void run(open)}
        >
          {open === 'raise' ? (
            <>
              <label>
                Event name
                <input name="event" value={eventName} onInput={(e) => setEventName(e.currentTarget.value)} autoFocus />
              </label>
              <label>
                Data (JSON, optional)
                <textarea name="data" rows={4} value={data} onInput={(e) => setData(e.currentTarget.value)} placeholder='{"approved": true}' />
              </label>
            </>
          ) : null}
          {open === 'terminate' || open === 'suspend' || open === 'resume' || open === 'rewind' ? (
            <label>
              Reason (optional)
              <input name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            </label>
          ) : null}
          {open === 'restart' ? (
            <label class="inline">
              <input type="checkbox" checked={newId} onChange={(e) => setNewId(e.currentTarget.checked)} /> under a new instance id (unchecked: the same id, which needs a finished instance)
            </label>
          ) : null}
          {open === 'purge' ? <p>The instance and its history are deleted for good.</p> : null}
          {open === 'terminate' ? <p>The instance stops where it is; its pending work is dropped.</p> : null}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
