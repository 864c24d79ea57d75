// The Markdown the suite prints: one row per scenario, then the targets of issue 6.
import { fmt } from './result';
import type { ScenarioResult } from './types';

const seconds = (ms: number) => `${fmt(ms / 1000)} s`;
const times = (n: number | null) => (n === null ? '–' : `${fmt(n)}×`);

function itemsOf(r: ScenarioResult): string {
  return Object.entries(r.size)
    .filter(([k]) => !k.startsWith('naive') && k !== 'pageSize')
    .map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`)
    .join(' / ');
}

export function resultsTable(results: readonly ScenarioResult[]): string {
  const lines = [
    '| # | scenario | size | Graph req. | round trips | wall | DB queries (writes) | peak RSS (growth) | lower bound | ×bound req. / time | naive (items: round trips, wall) | naive÷ours req. / time |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    if (r.notMeasured || !r.ours) {
      lines.push(`| ${r.id} | ${r.name} | ${itemsOf(r)} | not measured: ${r.notMeasured ?? 'no result'} | | | | | | | | |`);
      continue;
    }
    const o = r.ours;
    const lb = r.lowerBound ? `${r.lowerBound.requests} req, ${seconds(r.lowerBound.timeMs)}` : '–';
    const naive = r.naive ? `${r.naive.items}: ${r.naive.graph.roundTrips}, ${seconds(r.naive.wallMs)}` : '–';
    lines.push(
      `| ${r.id} | ${r.name} | ${itemsOf(r)} | ${o.graph.graphRequests} | ${o.graph.roundTrips} | ${seconds(o.wallMs)} | ${o.db.queries} (${o.db.writes}) | ${o.memory.rssPeakMb} MB (+${o.memory.rssGrowthMb}) | ${lb} | ${times(r.ratios.lowerBoundRequests)} / ${times(r.ratios.lowerBoundTime)} | ${naive} | ${times(r.ratios.naiveRequests)} / ${times(r.ratios.naiveTime)} |`,
    );
    for (const note of r.notes.filter((n) => n.startsWith('not measured:'))) lines.push(`| ${r.id} | ${r.name} | ${note} | | | | | | | | | |`);
  }
  return lines.join('\n');
}

export function targetsTable(results: readonly ScenarioResult[]): string {
  const lines = ['| # | target | met | measured |', '| --- | --- | :---: | --- |'];
  for (const r of results) {
    if (r.notMeasured) {
      lines.push(`| ${r.id} | all targets | – | not measured: ${r.notMeasured} |`);
      continue;
    }
    for (const t of r.targets) lines.push(`| ${r.id} | ${t.target} | ${t.met === null ? '–' : t.met ? 'yes' : '**no**'} | ${t.detail} |`);
  }
  return lines.join('\n');
}

export function notesList(results: readonly ScenarioResult[]): string {
  return results.map((r) => [`- **${r.id} ${r.name}** (${r.title}; ${r.database}, ${r.latencyMs} ms latency)`, ...r.notes.map((n) => `  - ${n}`)].join('\n')).join('\n');
}

export function report(results: readonly ScenarioResult[], meta: { startedAt: string; totalMs: number; cpus: number; node: string }): string {
  return [
    `## Benchmark results (${meta.startedAt}, ${meta.cpus} CPUs, Node ${meta.node}, suite ${seconds(meta.totalMs)})`,
    '',
    resultsTable(results),
    '',
    '### Targets (issue 6)',
    '',
    targetsTable(results),
    '',
    '### Notes',
    '',
    notesList(results),
    '',
  ].join('\n');
}
