/** Process-local Prometheus metrics (counters, gauges, one histogram family). */
type Labels = Record<string, string>;

const UNSAFE = /["\\\n]/;
const escaped = (v: string): string => (UNSAFE.test(v) ? v.replace(/["\\\n]/g, '_') : v);

/** A series' label text, names in order. Every event counts a few series: no and one label need no sorting. */
function key(labels: Labels): string {
  let first: string | undefined;
  let n = 0;
  for (const name in labels) {
    if (++n > 1) break;
    first = name;
  }
  if (n === 0) return '';
  if (n === 1) return `${first}="${escaped(labels[first as string] as string)}"`;
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${escaped(v)}"`)
    .join(',');
}

const BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30];

export class Metrics {
  #counters = new Map<string, Map<string, number>>();
  #help = new Map<string, string>();
  #hist = new Map<string, { counts: number[]; sum: number; n: number }>();

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    this.#help.set(name, help);
    let series = this.#counters.get(name);
    if (!series) this.#counters.set(name, (series = new Map()));
    const k = key(labels);
    series.set(k, (series.get(k) ?? 0) + by);
  }

  observe(name: string, help: string, labels: Labels, seconds: number): void {
    this.#help.set(name, help);
    const k = `${name}{${key(labels)}}`;
    let h = this.#hist.get(k);
    if (!h) this.#hist.set(k, (h = { counts: BUCKETS.map(() => 0), sum: 0, n: 0 }));
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= (BUCKETS[i] as number)) h.counts[i] = (h.counts[i] ?? 0) + 1;
    h.sum += seconds;
    h.n++;
  }

  /**
   * Prometheus text format; `gauges` are computed by the caller at scrape time. The process's own
   * memory (resident set, V8 heap, memory outside the heap) is always included: the engine's memory
   * budget is an RSS figure (engine/docs/performance.md).
   */
  render(gauges: Array<{ name: string; help: string; labels?: Labels; value: number }> = []): string {
    const mem = process.memoryUsage();
    gauges = [
      ...gauges,
      { name: 'process_resident_memory_bytes', help: 'Resident set size of this process', value: mem.rss },
      { name: 'nodejs_heap_size_total_bytes', help: 'V8 heap reserved', value: mem.heapTotal },
      { name: 'nodejs_heap_size_used_bytes', help: 'V8 heap in use', value: mem.heapUsed },
      { name: 'nodejs_external_memory_bytes', help: 'Memory of C++ objects bound to JavaScript (buffers, SQLite statements)', value: mem.external },
    ];
    const out: string[] = [];
    for (const [name, series] of this.#counters) {
      out.push(`# HELP ${name} ${this.#help.get(name)}`, `# TYPE ${name} counter`);
      for (const [k, v] of series) out.push(`${name}${k ? `{${k}}` : ''} ${v}`);
    }
    const histNames = new Set<string>();
    for (const [k, h] of this.#hist) {
      const name = k.slice(0, k.indexOf('{'));
      const labels = k.slice(k.indexOf('{') + 1, -1);
      if (!histNames.has(name)) {
        histNames.add(name);
        out.push(`# HELP ${name} ${this.#help.get(name)}`, `# TYPE ${name} histogram`);
      }
      const sep = labels ? ',' : '';
      BUCKETS.forEach((b, i) => out.push(`${name}_bucket{${labels}${sep}le="${b}"} ${h.counts[i]}`));
      out.push(`${name}_bucket{${labels}${sep}le="+Inf"} ${h.n}`, `${name}_sum{${labels}} ${h.sum}`, `${name}_count{${labels}} ${h.n}`);
    }
    const gaugeNames = new Set<string>();
    for (const g of gauges) {
      if (!gaugeNames.has(g.name)) {
        gaugeNames.add(g.name);
        out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
      }
      const k = key(g.labels ?? {});
      out.push(`${g.name}${k ? `{${k}}` : ''} ${g.value}`);
    }
    return `${out.join('\n')}\n`;
  }
}
