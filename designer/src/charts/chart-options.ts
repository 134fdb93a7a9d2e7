/**
 * Pure builders of the chart options (tested without a canvas): KPI readings against their
 * expected band, the share of goals at risk over time, obstacle themes, and a team × period
 * heatmap of goal progress.
 */
import type { ChartOption } from './chart.types';

const OK = '#16a34a';
const BAD = '#dc2626';
const LINE = '#2563eb';
const BAND = 'rgba(22, 163, 74, 0.12)';

export interface Reading {
  period: string;
  value: number;
  low?: number | null;
  high?: number | null;
}

export function isOutOfRange(r: Reading): boolean {
  return (typeof r.low === 'number' && r.value < r.low) || (typeof r.high === 'number' && r.value > r.high);
}

/**
 * The readings as a line, each point red when outside its expected range, over the band between
 * `low` and `high` (a stacked area: the transparent base up to `low`, then `high − low`).
 */
export function kpiReadingsOption(readings: readonly Reading[], labels: { value: string; low: string; high: string; band: string }): ChartOption {
  const periods = readings.map((r) => r.period);
  const hasBand = readings.some((r) => typeof r.low === 'number' && typeof r.high === 'number');
  const band = readings.map((r) => (typeof r.low === 'number' && typeof r.high === 'number' ? r.high - r.low : null));
  const values = readings.map((r) => ({ value: r.value, itemStyle: { color: isOutOfRange(r) ? BAD : OK } }));
  const series: NonNullable<ChartOption['series']> = [];
  if (hasBand) {
    series.push(
      { name: labels.low, type: 'line', data: readings.map((r) => r.low ?? null), stack: 'band', symbol: 'none', lineStyle: { type: 'dashed', color: OK, width: 1 }, areaStyle: { color: 'transparent' }, silent: true, z: 1 },
      { name: labels.band, type: 'line', data: band, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: BAND }, silent: true, z: 1 },
    );
  }
  series.push({ name: labels.value, type: 'line', data: values, symbolSize: 9, lineStyle: { color: LINE, width: 2 }, itemStyle: { color: LINE }, z: 3 });
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 30, bottom: 28 },
    legend: { data: [labels.value, ...(hasBand ? [labels.band] : [])], top: 0, right: 0, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? (params as Array<{ dataIndex: number }>) : [params as { dataIndex: number }];
        const r = readings[list[0]?.dataIndex ?? 0];
        if (!r) return '';
        const range = `${r.low ?? '—'} – ${r.high ?? '—'}`;
        return `${r.period}<br/>${labels.value}: <b>${r.value.toLocaleString()}</b><br/>${labels.band}: ${range}`;
      },
    },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => compact(v) } },
    series,
  };
}

/** 12000 → 12k, 1500000 → 1.5M (axis labels). */
export function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(0)}k`;
  return String(v);
}

/** One point of the at-risk trend. */
export interface SharePoint {
  period: string;
  share: number;
}

/**
 * The share of goals at risk per period, from the stored analyses (newest first from the engine):
 * every analysis contributes its trend window and its own period; a later analysis wins for a period.
 */
export function riskTrend(analyses: ReadonlyArray<{ period: string; createdAt: string; measures: { goalsAtRiskShare: number }; trend?: ReadonlyArray<{ period: string; goalsAtRiskShare: number }> }>): SharePoint[] {
  const byPeriod = new Map<string, { share: number; at: number }>();
  const put = (period: string, share: number, at: number) => {
    const prev = byPeriod.get(period);
    if (!prev || prev.at <= at) byPeriod.set(period, { share, at });
  };
  const ordered = [...analyses].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  for (const a of ordered) {
    const at = Date.parse(a.createdAt) || 0;
    for (const p of a.trend ?? []) put(p.period, p.goalsAtRiskShare, at - 1);
    put(a.period, a.measures.goalsAtRiskShare, at);
  }
  return [...byPeriod.entries()].map(([period, v]) => ({ period, share: v.share })).sort((a, b) => comparePeriods(a.period, b.period));
}

/** Orders `2026-W07`, `2026-W10`, `2026-03` chronologically (weeks and months by their year, then number). */
export function comparePeriods(a: string, b: string): number {
  const key = (p: string) => {
    const m = /^(\d{4})-(W)?(\d{2})$/.exec(p);
    if (!m) return [Number.MAX_SAFE_INTEGER, 0];
    const year = Number(m[1]);
    const n = Number(m[3]);
    // A month's first week is about (month − 1) × 4.35 + 1; close enough to interleave weeks and months.
    return [year, m[2] ? n : (n - 1) * 4.35 + 1];
  };
  const [ya, na] = key(a) as [number, number];
  const [yb, nb] = key(b) as [number, number];
  return ya - yb || na - nb || a.localeCompare(b);
}

export function riskTrendOption(points: readonly SharePoint[], threshold: number | null, labels: { share: string; threshold: string }): ChartOption {
  return {
    animation: false,
    grid: { left: 48, right: 24, top: 30, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : String(v)) },
    legend: { data: [labels.share], top: 0, right: 0 },
    xAxis: { type: 'category', data: points.map((p) => p.period), boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: labels.share,
        type: 'line',
        data: points.map((p) => Math.round(p.share * 1000) / 10),
        symbolSize: 7,
        lineStyle: { color: BAD, width: 2 },
        itemStyle: { color: BAD },
        areaStyle: { color: 'rgba(220, 38, 38, 0.08)' },
        ...(threshold !== null
          ? { markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#f59e0b' }, label: { formatter: `${labels.threshold} ${Math.round(threshold * 100)}%` }, data: [{ yAxis: Math.round(threshold * 1000) / 10 }] } }
          : {}),
      },
    ],
  };
}

export function obstacleThemesOption(themes: ReadonlyArray<{ theme: string; count: number }>, labelOf: (theme: string) => string, countLabel: string): ChartOption {
  const sorted = [...themes].sort((a, b) => a.count - b.count);
  return {
    animation: false,
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((t) => labelOf(t.theme)) },
    series: [{ name: countLabel, type: 'bar', data: sorted.map((t) => t.count), itemStyle: { color: '#6366f1', borderRadius: [0, 4, 4, 0] }, label: { show: true, position: 'right' } }],
  };
}

export interface HeatmapData {
  teams: string[];
  periods: string[];
  /** [period index, team index, progress as % of target] */
  cells: Array<[number, number, number]>;
}

/**
 * Goal progress by team and period: for every goal with a team, each history point's progress as
 * a share of its target, averaged per team and period (an aggregate: no person is singled out).
 */
export function teamProgressHeatmap(goals: ReadonlyArray<{ teamId: string | null; target: number; history: ReadonlyArray<{ period: string; progress: number }> }>, lastPeriods = 12): HeatmapData {
  const sums = new Map<string, { sum: number; n: number }>();
  const teams = new Set<string>();
  const periods = new Set<string>();
  for (const g of goals) {
    if (!g.teamId || !(g.target > 0)) continue;
    for (const h of g.history) {
      teams.add(g.teamId);
      periods.add(h.period);
      const key = `${g.teamId}\u0000${h.period}`;
      const e = sums.get(key) ?? { sum: 0, n: 0 };
      e.sum += h.progress / g.target;
      e.n += 1;
      sums.set(key, e);
    }
  }
  const periodList = [...periods].sort(comparePeriods).slice(-lastPeriods);
  const teamList = [...teams].sort();
  const cells: HeatmapData['cells'] = [];
  periodList.forEach((p, x) =>
    teamList.forEach((team, y) => {
      const e = sums.get(`${team}\u0000${p}`);
      if (e) cells.push([x, y, Math.round((e.sum / e.n) * 100)]);
    }),
  );
  return { teams: teamList, periods: periodList, cells };
}

export function heatmapOption(data: HeatmapData, teamName: (id: string) => string, label: string): ChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 8, bottom: 44, containLabel: true },
    tooltip: { position: 'top', formatter: (p: unknown) => {
      const v = (p as { value: [number, number, number] }).value;
      return `${teamName(data.teams[v[1]] ?? '')} · ${data.periods[v[0]] ?? ''}<br/>${label}: <b>${v[2]}%</b>`;
    } },
    xAxis: { type: 'category', data: data.periods, splitArea: { show: true } },
    yAxis: { type: 'category', data: data.teams.map(teamName), splitArea: { show: true } },
    visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 140, itemWidth: 10, inRange: { color: ['#fee2e2', '#fde68a', '#bbf7d0', '#16a34a'] }, text: ['100%', '0%'] },
    series: [{ name: label, type: 'heatmap', data: data.cells, label: { show: data.cells.length <= 80, formatter: (p: unknown) => `${(p as { value: number[] }).value[2]}` } }],
  };
}
