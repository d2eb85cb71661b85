import { duration, localTime } from '../format';
import { href } from '../route';
import { type Span, type TimelineEvent, buildTimeline } from '../timeline';

const KIND_LABEL: Record<Span['kind'], string> = { orchestration: 'orchestration', activity: 'activity', timer: 'timer', suborchestration: 'sub-orchestration', event: 'event' };

function spanTitle(span: Span): string {
  const parts = [`${KIND_LABEL[span.kind]} ${span.label}`, `from ${localTime(span.start)}`];
  if (span.kind !== 'event') parts.push(span.state === 'open' ? `open for ${duration(span.end - span.start)}` : `${span.state} after ${duration(span.end - span.start)}`);
  if (span.fireAt !== undefined) parts.push(`due ${localTime(span.fireAt)}`);
  return parts.join(', ');
}

function note(span: Span): string {
  if (span.kind === 'event') return 'raised';
  if (span.state === 'open') return span.fireAt !== undefined ? `waiting, due ${localTime(span.fireAt)}` : 'running';
  return `${duration(span.end - span.start)}${span.state === 'completed' ? '' : ` ${span.state}`}`;
}

/** A Gantt chart of the instance's activities, timers, sub-orchestrations and events. */
export function TimelineChart({ history, now }: { history: TimelineEvent[]; now: number }) {
  const timeline = buildTimeline(history, now);
  const total = timeline.end - timeline.start;
  const at = (t: number) => ((t - timeline.start) / total) * 100;
  if (!timeline.spans.length) return <p class="muted">No history yet.</p>;
  return (
    <div class="timeline" data-testid="timeline">
      <div class="timeline-axis">
        <span>{localTime(timeline.start)}</span>
        <span>+{duration(total)}</span>
      </div>
      {timeline.spans.map((span, i) => {
        const left = at(span.start);
        const width = Math.max(at(span.end) - left, 0.4);
        // Where the bar ends: the note goes after it, or inside its end when there is no room left.
        const reach = Math.min(left + (span.kind === 'event' ? 0.8 : width), 100);
        return (
          <div class="timeline-row" key={i} data-kind={span.kind} data-state={span.state}>
            <div class="timeline-label" title={spanTitle(span)}>
              <span class={`kind kind-${span.kind}`}>{KIND_LABEL[span.kind]}</span>{' '}
              {span.instanceId ? <a href={href(['instances', span.instanceId])}>{span.label}</a> : span.label}
            </div>
            <div class="timeline-track">
              {span.kind === 'event' ? (
                <span class="timeline-point" style={{ left: `${left}%` }} title={spanTitle(span)} />
              ) : (
                <span class={`timeline-bar bar-${span.kind} state-${span.state}`} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} title={spanTitle(span)} />
              )}
              <span class={`timeline-note ${reach > 72 ? 'note-inside' : ''}`} style={reach > 72 ? { right: `${100 - reach + 0.4}%` } : { left: `${reach + 0.6}%` }}>
                {note(span)}
              </span>
            </div>
          </div>
        );
      })}
    </div>
  );
}
