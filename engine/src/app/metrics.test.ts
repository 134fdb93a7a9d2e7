import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';

describe('Metrics.render', () => {
  it('renders counters, histograms and gauges, and always the process memory', () => {
    const m = new Metrics();
    m.inc('coachflow_events_ingested_total', 'Events received', { duplicate: 'false' }, 3);
    m.observe('coachflow_step_duration_seconds', 'Step latency', { kind: 'task' }, 0.002);
    const text = m.render([{ name: 'coachflow_queue_jobs', help: 'Jobs', labels: { state: 'waiting' }, value: 2 }]);
    expect(text).toContain('coachflow_events_ingested_total{duplicate="false"} 3');
    expect(text).toContain('coachflow_step_duration_seconds_bucket{kind="task",le="0.005"} 1');
    expect(text).toContain('coachflow_queue_jobs{state="waiting"} 2');
    const rss = Number(/^process_resident_memory_bytes (\d+)$/m.exec(text)?.[1]);
    const used = Number(/^nodejs_heap_size_used_bytes (\d+)$/m.exec(text)?.[1]);
    expect(rss).toBeGreaterThan(used);
    expect(used).toBeGreaterThan(1_000_000);
    expect(text).toMatch(/# TYPE nodejs_heap_size_total_bytes gauge\nnodejs_heap_size_total_bytes \d+/);
  });

  it('names series by their labels in name order, with unsafe characters replaced, one series per label set', () => {
    const m = new Metrics();
    m.inc('c_total', 'c', {});
    m.inc('c_total', 'c', { b: '2', a: '1' });
    m.inc('c_total', 'c', { a: '1', b: '2' });
    m.inc('c_total', 'c', { status: 'say "hi"\\n' });
    m.inc('c_total', 'c', { z: 'x\ny', a: 'q' });
    const text = m.render();
    expect(text).toContain('\nc_total 1\n');
    expect(text).toContain('c_total{a="1",b="2"} 2');
    expect(text).toContain('c_total{status="say _hi__n"} 1');
    expect(text).toContain('c_total{a="q",z="x_y"} 1');
  });
});
