/**
 * Pure builders of the backtest charts (tested without a canvas): runs per week, the load of the
 * managers per week as a heatmap (tasks the runs of the week created), and one manager's week by
 * week load with the load cap: what reached the inbox, what the cap would queue, the backlog.
 */
import type { ManagerWeekLoad } from '@/api/backtests.api';
import type { ChartOption } from './chart.types';

const RUNS = '#2563eb';
const TASKS = '#16a34a';
const QUEUED = '#f59e0b';
const BACKLOG = '#dc2626';

export interface WeekFigures {
  week: string;
  runs: number;
  employees: number;
  tasks: number;
  queued: number;
}

/** Runs, tasks and tasks over the cap per week (bars), and the employees concerned (line). */
export function runsPerWeekOption(perWeek: readonly WeekFigures[], labels: { runs: string; employees: string; tasks: string; queued: string }): ChartOption {
  const hasQueued = perWeek.some((w) => w.queued > 0);
  return {
    animation: false,
    grid: { left: 44, right: 16, top: 34, bottom: 28 },
    legend: { top: 0, right: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: perWeek.map((w) => w.week) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.runs, type: 'bar', data: perWeek.map((w) => w.runs), itemStyle: { color: RUNS } },
      { name: labels.tasks, type: 'bar', data: perWeek.map((w) => w.tasks), itemStyle: { color: TASKS } },
      ...(hasQueued ? [{ name: labels.queued, type: 'bar' as const, data: perWeek.map((w) => w.queued), itemStyle: { color: QUEUED } }] : []),
      { name: labels.employees, type: 'line', data: perWeek.map((w) => w.employees), itemStyle: { color: '#7c3aed' }, symbolSize: 6 },
    ],
  };
}

/** Managers by the tasks they would have received over the window, most first. */
export function managersByLoad(load: readonly ManagerWeekLoad[]): Array<{ managerId: string; managerName: string | null; tasks: number; queued: number; approvals: number }> {
  const by = new Map<string, { managerId: string; managerName: string | null; tasks: number; queued: number; approvals: number }>();
  for (const l of load) {
    const m = by.get(l.managerId) ?? { managerId: l.managerId, managerName: l.managerName, tasks: 0, queued: 0, approvals: 0 };
    m.tasks += l.tasks;
    m.queued += l.queued;
    m.approvals += l.approvals;
    by.set(l.managerId, m);
  }
  return [...by.values()].sort((a, b) => b.tasks + b.approvals - (a.tasks + a.approvals) || a.managerId.localeCompare(b.managerId));
}

/** Manager × week heatmap of the tasks and approvals each manager would have received (before any cap), the `limit` busiest managers. */
export function managerLoadHeatmapOption(load: readonly ManagerWeekLoad[], weeks: readonly string[], labels: { load: string }, limit = 15): ChartOption {
  const managers = managersByLoad(load).slice(0, limit);
  const row = new Map(managers.map((m, i) => [m.managerId, i]));
  const col = new Map(weeks.map((w, i) => [w, i]));
  const data: Array<[number, number, number]> = [];
  let max = 1;
  for (const l of load) {
    const y = row.get(l.managerId);
    const x = col.get(l.week);
    const value = l.tasks + l.approvals;
    if (y === undefined || x === undefined || value === 0) continue;
    data.push([x, y, value]);
    max = Math.max(max, value);
  }
  return {
    animation: false,
    grid: { left: 140, right: 16, top: 10, bottom: 64 },
    tooltip: {
      formatter: (p: unknown) => {
        const d = (p as { data: [number, number, number] }).data;
        const m = managers[d[1]];
        return `${m?.managerName ?? m?.managerId ?? ''}<br/>${weeks[d[0]] ?? ''}: <b>${d[2]}</b> ${labels.load}`;
      },
    },
    xAxis: { type: 'category', data: [...weeks], splitArea: { show: true } },
    yAxis: { type: 'category', data: managers.map((m) => m.managerName ?? m.managerId), inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemWidth: 12, itemHeight: 160, inRange: { color: ['#eff6ff', '#2563eb', '#1e3a8a'] } },
    series: [{ name: labels.load, type: 'heatmap', data, label: { show: data.length <= 120 } }],
  };
}

/**
 * One manager's weeks: tasks that reached the inbox and tasks the cap queued (stacked bars), the
 * queue left at the week's end (line), approvals, and the cap (a dashed line) when one applies.
 */
export function managerWeeksOption(
  load: readonly ManagerWeekLoad[],
  managerId: string,
  weeks: readonly string[],
  cap: number | null,
  labels: { received: string; queued: string; backlog: string; approvals: string; cap: string },
): ChartOption {
  const byWeek = new Map(load.filter((l) => l.managerId === managerId).map((l) => [l.week, l]));
  const pick = (f: (l: ManagerWeekLoad) => number) => weeks.map((w) => {
    const l = byWeek.get(w);
    return l ? f(l) : 0;
  });
  const hasApprovals = [...byWeek.values()].some((l) => l.approvals > 0);
  return {
    animation: false,
    grid: { left: 44, right: 16, top: 34, bottom: 28 },
    legend: { top: 0, right: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: [...weeks] },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: labels.received,
        type: 'bar',
        stack: 'tasks',
        data: pick((l) => l.received),
        itemStyle: { color: TASKS },
        ...(cap !== null ? { markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: BACKLOG }, label: { formatter: `${labels.cap} ${cap}` }, data: [{ yAxis: cap }] } } : {}),
      },
      { name: labels.queued, type: 'bar', stack: 'tasks', data: pick((l) => l.queued), itemStyle: { color: QUEUED } },
      { name: labels.backlog, type: 'line', data: pick((l) => l.backlog), itemStyle: { color: BACKLOG }, symbolSize: 6 },
      ...(hasApprovals ? [{ name: labels.approvals, type: 'bar' as const, data: pick((l) => l.approvals), itemStyle: { color: RUNS } }] : []),
    ],
  };
}
