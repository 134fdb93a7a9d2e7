import { describe, expect, it } from 'vitest';
import { comparePeriods, compact, heatmapOption, kpiReadingsOption, obstacleThemesOption, riskTrend, riskTrendOption, teamProgressHeatmap } from '@/charts/chart-options';

const LABELS = { value: 'Value', low: 'Low', high: 'High', band: 'Expected range' };

describe('chart options', () => {
  it('draws KPI readings as a line over the expected band, points outside the range in red', () => {
    const readings = [
      { period: '2026-W05', value: 80000, low: 100000, high: 160000 },
      { period: '2026-W06', value: 120000, low: 100000, high: 160000 },
      { period: '2026-W07', value: 170000, low: 100000, high: 160000 },
    ];
    const o = kpiReadingsOption(readings, LABELS);
    const series = o.series as Array<{ name: string; stack?: string; data: unknown[] }>;
    expect(series.map((s) => s.name)).toEqual(['Low', 'Expected range', 'Value']);
    expect(series[0]?.data).toEqual([100000, 100000, 100000]);
    expect(series[1]?.data).toEqual([60000, 60000, 60000]); // the band is stacked on the low bound
    expect(series[0]?.stack).toBe(series[1]?.stack);
    const colours = (series[2]?.data as Array<{ itemStyle: { color: string } }>).map((d) => d.itemStyle.color);
    expect(colours).toEqual(['#dc2626', '#16a34a', '#dc2626']);
    expect((o.xAxis as { data: string[] }).data).toEqual(['2026-W05', '2026-W06', '2026-W07']);
    const tooltip = (o.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 0 }]);
    expect(tooltip).toContain('2026-W05');
    expect(tooltip).toContain('100000 – 160000');
  });

  it('draws readings without a band as a single line', () => {
    const o = kpiReadingsOption([{ period: '2026-03', value: 3 }], LABELS);
    expect((o.series as unknown[]).length).toBe(1);
  });

  it('merges the analyses into one at-risk trend (later analyses win for a period)', () => {
    const trend = riskTrend([
      { period: '2026-W08', createdAt: '2026-02-23T00:00:00Z', measures: { goalsAtRiskShare: 0.5 }, trend: [{ period: '2026-W07', goalsAtRiskShare: 0.4 }, { period: '2026-W08', goalsAtRiskShare: 0.5 }] },
      { period: '2026-W07', createdAt: '2026-02-16T00:00:00Z', measures: { goalsAtRiskShare: 0.3 }, trend: [{ period: '2026-W06', goalsAtRiskShare: 0.2 }, { period: '2026-W07', goalsAtRiskShare: 0.3 }] },
    ]);
    expect(trend).toEqual([
      { period: '2026-W06', share: 0.2 },
      { period: '2026-W07', share: 0.4 },
      { period: '2026-W08', share: 0.5 },
    ]);
    const o = riskTrendOption(trend, 0.4, { share: 'At risk', threshold: 'Threshold' });
    expect((o.series as Array<{ data: number[] }>)[0]?.data).toEqual([20, 40, 50]);
    expect(JSON.stringify(o)).toContain('"yAxis":40');
  });

  it('orders ISO weeks and months chronologically', () => {
    expect(['2026-W10', '2025-W52', '2026-W02', '2026-02'].sort(comparePeriods)).toEqual(['2025-W52', '2026-W02', '2026-02', '2026-W10']);
  });

  it('sorts obstacle themes by count for the bar chart, with translated labels', () => {
    const o = obstacleThemesOption([{ theme: 'skill_gap', count: 7 }, { theme: 'unclear_goal', count: 2 }], (t) => t.toUpperCase(), 'Records');
    expect((o.yAxis as { data: string[] }).data).toEqual(['UNCLEAR_GOAL', 'SKILL_GAP']);
    expect((o.series as Array<{ data: number[] }>)[0]?.data).toEqual([2, 7]);
  });

  it('aggregates goal progress by team and period (no person singled out)', () => {
    const h = teamProgressHeatmap([
      { teamId: 'T2', target: 100, history: [{ period: '2026-W06', progress: 50 }, { period: '2026-W07', progress: 80 }] },
      { teamId: 'T2', target: 200, history: [{ period: '2026-W07', progress: 40 }] },
      { teamId: 'T1', target: 10, history: [{ period: '2026-W07', progress: 10 }] },
      { teamId: null, target: 10, history: [{ period: '2026-W05', progress: 1 }] },
    ]);
    expect(h.teams).toEqual(['T1', 'T2']);
    expect(h.periods).toEqual(['2026-W06', '2026-W07']);
    // T2 in W07: (80/100 + 40/200) / 2 = 50 %
    expect(h.cells).toEqual([
      [0, 1, 50],
      [1, 0, 100],
      [1, 1, 50],
    ]);
    const o = heatmapOption(h, (id) => `Team ${id}`, 'Progress');
    expect((o.yAxis as { data: string[] }).data).toEqual(['Team T1', 'Team T2']);
  });

  it('shortens axis numbers', () => {
    expect([compact(950), compact(12000), compact(1_500_000)]).toEqual(['950', '12k', '1.5M']);
  });
});
