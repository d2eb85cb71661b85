import type { WorkloadResult } from './workloads/measure';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A bar per workload: its main figure, and beside it the peer's where there is one. */
export function renderChart(results: WorkloadResult[], peers: Record<string, WorkloadResult | undefined>, title: string): string {
  const rowHeight = 46;
  const left = 300;
  const width = 900;
  const barWidth = width - left - 170;
  const height = 70 + results.length * rowHeight;
  const figure = (r: WorkloadResult) => (r.p50Ms !== undefined && r.unit !== 'orchestrations' ? r.p50Ms : r.throughputPerSecond);
  const label = (r: WorkloadResult) =>
    r.p50Ms !== undefined && r.unit !== 'orchestrations' ? `p50 ${r.p50Ms} ms` : `${r.throughputPerSecond.toLocaleString('en-US')} ${r.unit}/s`;
  const rows = results.map((r, i) => {
    const peer = peers[r.name];
    const max = Math.max(figure(r), peer ? figure(peer) : 0) || 1;
    const y = 50 + i * rowHeight;
    const ours = (figure(r) / max) * barWidth;
    const colour = r.target ? (r.target.met ? '#2e7d32' : '#c62828') : '#1565c0';
    const parts = [
      `<text x="10" y="${y + 14}" font-size="13">${escape(r.name)}</text>`,
      `<text x="10" y="${y + 30}" font-size="11" fill="#555">${escape(r.target ? `target ${r.target.description}` : '')} peak RSS ${r.peakRssMb} MiB</text>`,
      `<rect x="${left}" y="${y}" width="${Math.max(1, ours)}" height="16" fill="${colour}"/>`,
      `<text x="${left + Math.max(1, ours) + 6}" y="${y + 13}" font-size="12">ours: ${escape(label(r))}</text>`,
    ];
    if (peer) {
      const theirs = (figure(peer) / max) * barWidth;
      parts.push(
        `<rect x="${left}" y="${y + 20}" width="${Math.max(1, theirs)}" height="16" fill="#9e9e9e"/>`,
        `<text x="${left + Math.max(1, theirs) + 6}" y="${y + 33}" font-size="12">Restate: ${escape(label(peer))}</text>`,
      );
    }
    return parts.join('\n');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="26" font-size="16" font-weight="bold">${escape(title)}</text>
<text x="${width - 10}" y="26" font-size="11" text-anchor="end" fill="#555">green: target met, red: not met; longer is better except latency</text>
${rows.join('\n')}
</svg>
`;
}
