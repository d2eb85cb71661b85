import type { WorkloadResult } from './workloads/measure';

/** A peer's figure drawn as a grey bar under ours, e.g. `Restate, 50 in flight`. */
export interface PeerBar {
  label: string;
  result: WorkloadResult;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A bar per workload: its main figure, and under it the peers' where there are some (keyed by our result's name). */
export function renderChart(results: WorkloadResult[], peers: Record<string, PeerBar[] | undefined>, title: string): string {
  const left = 300;
  const width = 1040;
  const barWidth = width - left - 400;
  const figure = (r: WorkloadResult) => (r.p50Ms !== undefined && r.unit !== 'orchestrations' ? r.p50Ms : r.throughputPerSecond);
  const label = (r: WorkloadResult) =>
    r.p50Ms !== undefined && r.unit !== 'orchestrations' ? `p50 ${r.p50Ms} ms` : `${r.throughputPerSecond.toLocaleString('en-US')} ${r.unit}/s`;
  let y = 50;
  const rows = results.map((r) => {
    const bars = peers[r.name] ?? [];
    const max = Math.max(figure(r), ...bars.map((bar) => figure(bar.result))) || 1;
    const colour = r.target ? (r.target.met ? '#2e7d32' : '#c62828') : '#1565c0';
    const bar = (i: number, result: WorkloadResult, fill: string, text: string) => {
      const length = Math.max(1, (figure(result) / max) * barWidth);
      return [
        `<rect x="${left}" y="${y + i * 20}" width="${length}" height="16" fill="${fill}"/>`,
        `<text x="${left + length + 6}" y="${y + i * 20 + 13}" font-size="12">${escape(text)}</text>`,
      ];
    };
    const parts = [
      `<text x="10" y="${y + 14}" font-size="13">${escape(r.name)}</text>`,
      `<text x="10" y="${y + 30}" font-size="11" fill="#555">${escape(r.target ? `target ${r.target.description}` : '')} peak RSS ${r.peakRssMb} MiB</text>`,
      ...bar(0, r, colour, `ours: ${label(r)}`),
      ...bars.flatMap((peer, i) => bar(i + 1, peer.result, '#9e9e9e', `${peer.label}: ${label(peer.result)}, RSS ${peer.result.peakRssMb} MiB`)),
    ];
    y += Math.max(46, 20 * (bars.length + 1) + 10);
    return parts.join('\n');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="26" font-size="16" font-weight="bold">${escape(title)}</text>
<text x="${width - 10}" y="26" font-size="11" text-anchor="end" fill="#555">green: target met, red: not met, grey: Restate; longer is better except latency</text>
${rows.join('\n')}
</svg>
`;
}
