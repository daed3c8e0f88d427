/**
 * Prometheus metrics for the streams, recorded without prom-client's per-call work: prom-client hashes
 * the label values on every `inc` or `observe`; here a stream looks its series up once, at its start,
 * and recording is a few additions on plain numbers. Each metric renders itself in Prometheus' text
 * exposition format, beside the registry of the process metrics (lib/metrics/stream-metrics.ts).
 */

type Labels = Readonly<Record<string, string>>;

/**
 * One metric as prom-client's `getMetricsAsJSON` gives it: what the workers of a cluster send, and
 * prom-client's `AggregatorRegistry.aggregate` sums.
 */
export interface MetricJson {
  name: string;
  help: string;
  type: string;
  aggregator?: string;
  values: { value: number; labels: Record<string, string | number>; metricName?: string }[];
}

/** One label set of a histogram: plain numbers, so an observation allocates nothing. */
export interface HistogramSeries {
  observe(value: number): void;
}

/** One label set of a counter or a gauge. */
export interface ValueSeries {
  add(delta: number): void;
}

const escapeLabel = (value: string) =>
  value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

const labelPairs = (labels: MetricJson["values"][number]["labels"]) =>
  Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`);

/** One metric in Prometheus' text exposition format, from the same JSON a cluster's workers send. */
function render({ name, help, type, values }: MetricJson): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const { metricName, labels, value } of values) {
    lines.push(`${metricName ?? name}{${labelPairs(labels).join(",")}} ${value}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The series of one metric, one per label set, created on first use. */
class SeriesMap<T extends { labels: Labels }> {
  readonly all = new Map<string, T>();

  constructor(private readonly create: (labels: Labels) => T) {}

  get(labels: Labels): T {
    const key = Object.values(labels).join("\u0000");
    let series = this.all.get(key);
    if (!series) {
      series = this.create(labels);
      this.all.set(key, series);
    }
    return series;
  }
}

export class LabelledHistogram {
  private readonly series: SeriesMap<{ labels: Labels; counts: Float64Array; sum: number; count: number }>;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {
    this.series = new SeriesMap((labels) => ({
      labels,
      counts: new Float64Array(bounds.length + 1),
      sum: 0,
      count: 0,
    }));
  }

  /** The series for one label set (the same one for the same labels). */
  child(labels: Labels): HistogramSeries {
    const target = this.series.get(labels);
    const bounds = this.bounds;
    return {
      observe(value: number) {
        let i = 0;
        while (i < bounds.length && value > (bounds[i] as number)) i++;
        target.counts[i] = (target.counts[i] as number) + 1;
        target.sum += value;
        target.count++;
      },
    };
  }

  /** Every series as prom-client's JSON (cumulative buckets, then the sum and the count). */
  snapshot(): MetricJson {
    const values: MetricJson["values"] = [];
    for (const { labels, counts, sum, count } of this.series.all.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += counts[i] as number;
        values.push({
          value: cumulative,
          labels: { ...labels, le: bound },
          metricName: `${this.name}_bucket`,
        });
      });
      values.push({ value: count, labels: { ...labels, le: "+Inf" }, metricName: `${this.name}_bucket` });
      values.push({ value: sum, labels, metricName: `${this.name}_sum` });
      values.push({ value: count, labels, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: "histogram", aggregator: "sum", values };
  }

  render(): string {
    return render(this.snapshot());
  }
}

/** A counter or a gauge: one number per label set (a counter's series only ever add a positive delta). */
export class LabelledValue {
  private readonly series = new SeriesMap((labels) => ({ labels, value: 0 }));

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly type: "counter" | "gauge",
  ) {}

  /** The series for one label set (the same one for the same labels). */
  child(labels: Labels): ValueSeries {
    const target = this.series.get(labels);
    return {
      add(delta: number) {
        target.value += delta;
      },
    };
  }

  /** Every series as prom-client's JSON; a cluster sums them (streams open now too: one per worker). */
  snapshot(): MetricJson {
    const values = [...this.series.all.values()].map(({ labels, value }) => ({ value, labels }));
    return { name: this.name, help: this.help, type: this.type, aggregator: "sum", values };
  }

  render(): string {
    return render(this.snapshot());
  }
}
