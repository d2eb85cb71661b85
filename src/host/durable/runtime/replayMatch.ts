import { EventType, type HistoryEvent, isSchedulingEvent } from '../model/history';
import { ActionType, type OrchestratorAction, actionInputJson } from '../protocol/actions';
import { HTTP_ACTIVITY_NAME } from '../protocol/durableHttp';
import { type ReplayDivergence, currentCall, recordedCall } from './ReplayDivergence';

export interface TimerSettings {
  /** Timers longer than this fire in hops (the SDK's maximumShortTimerDuration). */
  maximumShortTimerMs: number;
  /** The length of one hop of a long timer (the SDK's longRunningTimerIntervalDuration). */
  longTimerIntervalMs: number;
}

export interface ReplayMatch {
  /** The recorded scheduling event of each action the history already holds, in action order; the actions after them are new. */
  replayed: HistoryEvent[];
  /** The first place where the actions and the history part, if they do. */
  divergence?: ReplayDivergence;
}

/**
 * A task the SDK numbers without an action of its own: the timer after a failed attempt of a retried
 * call and the attempt after that timer, or the next hop of a long timer. Histories written by this
 * host mark them (Host.followUp); histories from elsewhere (Azure Storage) are read by this rule.
 */
interface FollowUpChain {
  kind: 'retry' | 'longTimer';
  /** For retries, what a new attempt schedules. */
  attemptType?: EventType;
  name?: string;
  /** For long timers, when the timer is due in the end. */
  finalFireAt?: number;
}

interface Expected {
  type: EventType;
  chain: FollowUpChain;
}

const sameName = (a?: string, b?: string) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

function isRetried(action: OrchestratorAction): boolean {
  return action.actionType === ActionType.CallActivityWithRetry || action.actionType === ActionType.CallSubOrchestratorWithRetry;
}

/** Whether `event` fits what a follow-up chain expects in this episode. */
function fitsExpected(expected: Expected, event: HistoryEvent): boolean {
  if (event.EventType !== expected.type) return false;
  if (expected.chain.kind === 'retry' && expected.type !== EventType.TimerCreated) return sameName(expected.chain.name, event.Name);
  return true;
}

/** The recorded time a timer event stands for: a long timer's final time when the host recorded it, else its FireAt. */
function recordedFireAt(event: HistoryEvent): number {
  return event.Host?.longTimer?.finalFireAt ?? Date.parse(event.FireAt ?? '');
}

/**
 * Compares one action with the recorded event at its position: the same kind of call to the same
 * name, and a timer due at the same time. Returns undefined when they match, else what differs.
 */
function compare(action: OrchestratorAction, event: HistoryEvent, episodeTime: string | undefined, settings: TimerSettings): 'call' | 'timer' | undefined {
  switch (action.actionType) {
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry:
      return event.EventType === EventType.TaskScheduled && sameName(action.functionName, event.Name) ? undefined : 'call';
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry:
      return event.EventType === EventType.SubOrchestrationInstanceCreated && sameName(action.functionName, event.Name) ? undefined : 'call';
    case ActionType.CreateTimer: {
      if (event.EventType !== EventType.TimerCreated) return 'call';
      const wanted = Date.parse(action.fireAt ?? '');
      const recorded = recordedFireAt(event);
      if (!Number.isFinite(wanted) || !Number.isFinite(recorded) || wanted === recorded) return undefined;
      // A long timer recorded elsewhere shows only its first hop, which comes before the final time.
      const started = Date.parse(episodeTime ?? '');
      const long = !event.Host && Number.isFinite(started) && wanted - started > settings.maximumShortTimerMs;
      return long && recorded < wanted ? undefined : 'timer';
    }
    case ActionType.CallHttp:
      return event.EventType === EventType.TaskScheduled && event.Name === HTTP_ACTIVITY_NAME ? undefined : 'call';
    default:
      return event.EventType === EventType.EventSent ? undefined : 'call';
  }
}

/**
 * Matches the actions an orchestrator returned against the scheduling events of its history, in
 * order, as the Durable Task runtime does on every replay. The one matching the host, the test
 * environment and `verify` share: the first difference is the divergence.
 */
export function matchActions(history: readonly HistoryEvent[], actions: readonly OrchestratorAction[], settings: TimerSettings): ReplayMatch {
  const replayed: HistoryEvent[] = [];
  const chains = new Map<number, FollowUpChain>();
  let expected: Expected[] = [];
  let episodeTime: string | undefined;
  for (let p = 0; p < history.length; p++) {
    const event = history[p];
    switch (event.EventType) {
      case EventType.OrchestratorStarted:
        episodeTime = event.Timestamp;
        expected = [];
        continue;
      case EventType.TaskFailed:
      case EventType.SubOrchestrationInstanceFailed: {
        const chain = chains.get(event.TaskScheduledId ?? -1);
        if (chain?.kind === 'retry') expected.push({ type: EventType.TimerCreated, chain });
        continue;
      }
      case EventType.TimerFired: {
        const chain = chains.get(event.TimerId ?? -1);
        if (chain?.kind === 'retry') expected.push({ type: chain.attemptType!, chain });
        else if (chain?.kind === 'longTimer' && Date.parse(event.FireAt ?? '') < chain.finalFireAt!) expected.push({ type: EventType.TimerCreated, chain });
        continue;
      }
    }
    if (!isSchedulingEvent(event.EventType) || event.Host?.followUp) continue;
    const position = replayed.length;
    const action = actions[position];
    if (!event.Host && expected.length) {
      const at = expected.findIndex((x) => fitsExpected(x, event));
      const isNextAction = action !== undefined && compare(action, event, episodeTime, settings) === undefined && actionInputJson(action) === (event.Input ?? null);
      if (at >= 0 && !isNextAction) {
        chains.set(event.EventId, expected[at].chain);
        expected.splice(at, 1);
        continue;
      }
    }
    if (!action) {
      return { replayed, divergence: { position, historyIndex: p, recorded: recordedCall(event) } };
    }
    const difference = compare(action, event, episodeTime, settings);
    if (difference) {
      return {
        replayed,
        divergence: { position, historyIndex: p, recorded: recordedCall(event), current: currentCall(action), timerMoved: difference === 'timer' || undefined },
      };
    }
    if (!event.Host) {
      if (isRetried(action)) chains.set(event.EventId, { kind: 'retry', attemptType: event.EventType, name: event.Name });
      else if (action.actionType === ActionType.CreateTimer && Date.parse(action.fireAt ?? '') > Date.parse(event.FireAt ?? '')) {
        chains.set(event.EventId, { kind: 'longTimer', finalFireAt: Date.parse(action.fireAt!) });
      }
    }
    replayed.push(event);
  }
  return { replayed };
}
