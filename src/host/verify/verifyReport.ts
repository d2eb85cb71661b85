import type { InstanceVerdict } from './ReplayVerifier';
import type { VerifyReport } from './runVerify';

const LABEL: Record<InstanceVerdict['outcome'], string> = { ok: 'ok', diverged: 'DIVERGED', error: 'ERROR' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The report as text: a line per instance (and the message under one that diverged), then the totals. */
export function formatVerifyReport(report: VerifyReport): string {
  const lines = [`Replaying ${plural(report.instances.length, 'instance')} from ${report.source} against ${report.scriptRoot}`];
  for (const v of report.instances) {
    const status = v.runtimeStatus ? `${v.runtimeStatus}, ` : '';
    lines.push(`${LABEL[v.outcome].padEnd(8)}  ${v.instanceId}  ${v.name || '?'}  (${status}${plural(v.events, 'event')}, ${plural(v.calls, 'call')} replayed)`);
    if (v.message) lines.push(`          ${v.message}`);
  }
  lines.push(`${plural(report.instances.length, 'instance')}: ${report.ok} ok, ${report.diverged} diverged, ${report.errors} could not be replayed.`);
  return lines.join('\n') + '\n';
}

/** The report as JSON (`--json`). */
export function verifyReportJson(report: VerifyReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
