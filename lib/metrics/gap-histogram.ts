/** One label set's buckets: plain numbers, so an observation allocates nothing. */
export interface GapSeries {
  observe(seconds: number): void;
}

interface Series {
  labels: Record<string, string>;
  counts: Float64Array;
  sum: number;
  count: number;
}

const escapeLabel = (value: string) =>
  value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

/**
 * A Prometheus histogram for the gap between two chunks, the one metric recorded per chunk. prom-client
 * hashes the label values on every observation; here a stream looks its series up once, at its start,
 * and each chunk costs a short loop over the bucket bounds.
 */
export class GapHistogram {
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {}

  /** The series for one label set, created on first use. */
  child(labels: Record<string, string>): GapSeries {
    const key = Object.values(labels).join("\u0000");
    let series = this.series.get(key);
    if (!series) {
      series = { labels, counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    const target = series;
    const bounds = this.bounds;
    return {
      observe(seconds: number) {
        let i = 0;
        while (i < bounds.length && seconds > (bounds[i] as number)) i++;
        target.counts[i] = (target.counts[i] as number) + 1;
        target.sum += seconds;
        target.count++;
      },
    };
  }

  /** The histogram in Prometheus' text exposition format. */
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.series.values()) {
      const base = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += counts[i] as number;
        lines.push(`${this.name}_bucket{${[...base, `le="${bound}"`].join(",")}} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket{${[...base, 'le="+Inf"'].join(",")}} ${count}`);
      lines.push(`${this.name}_sum{${base.join(",")}} ${sum}`);
      lines.push(`${this.name}_count{${base.join(",")}} ${count}`);
    }
    return `${lines.join("\n")}\n`;
  }
}
