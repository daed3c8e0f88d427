import { describe, expect, it } from "vitest";
import { LabelledHistogram, LabelledValue } from "@/lib/metrics/labelled-metrics";

describe("LabelledHistogram", () => {
  it("renders cumulative buckets, sum and count per label set in Prometheus' format", () => {
    const histogram = new LabelledHistogram("gap_seconds", "Gaps.", [0.05, 0.5]);
    const series = histogram.child({ endpoint: "/chat/stream", model: "llama3.2" });
    for (const seconds of [0.01, 0.05, 0.2, 3]) series.observe(seconds);
    histogram.child({ endpoint: "/x", model: 'we"ird' }).observe(0.1);
    expect(histogram.render()).toBe(
      [
        "# HELP gap_seconds Gaps.",
        "# TYPE gap_seconds histogram",
        'gap_seconds_bucket{endpoint="/chat/stream",model="llama3.2",le="0.05"} 2',
        'gap_seconds_bucket{endpoint="/chat/stream",model="llama3.2",le="0.5"} 3',
        'gap_seconds_bucket{endpoint="/chat/stream",model="llama3.2",le="+Inf"} 4',
        'gap_seconds_sum{endpoint="/chat/stream",model="llama3.2"} 3.26',
        'gap_seconds_count{endpoint="/chat/stream",model="llama3.2"} 4',
        'gap_seconds_bucket{endpoint="/x",model="we\\"ird",le="0.05"} 0',
        'gap_seconds_bucket{endpoint="/x",model="we\\"ird",le="0.5"} 1',
        'gap_seconds_bucket{endpoint="/x",model="we\\"ird",le="+Inf"} 1',
        'gap_seconds_sum{endpoint="/x",model="we\\"ird"} 0.1',
        'gap_seconds_count{endpoint="/x",model="we\\"ird"} 1',
        "",
      ].join("\n"),
    );
  });

  it("shares one series between children of the same labels", () => {
    const histogram = new LabelledHistogram("g", "h", [1]);
    histogram.child({ a: "1" }).observe(0.5);
    histogram.child({ a: "1" }).observe(0.5);
    expect(histogram.render()).toContain('g_count{a="1"} 2');
  });
});

describe("LabelledValue", () => {
  it("render one sample per label set, shared between children of the same labels", () => {
    const counter = new LabelledValue("streams_total", "Streams.", "counter");
    counter.child({ endpoint: "/chat/stream", outcome: "done" }).add(1);
    counter.child({ endpoint: "/chat/stream", outcome: "done" }).add(1);
    counter.child({ endpoint: "/chat/stream", outcome: "error" }).add(1);
    expect(counter.render()).toBe(
      [
        "# HELP streams_total Streams.",
        "# TYPE streams_total counter",
        'streams_total{endpoint="/chat/stream",outcome="done"} 2',
        'streams_total{endpoint="/chat/stream",outcome="error"} 1',
        "",
      ].join("\n"),
    );
  });

  it("a gauge goes up and down, and shows zero once its streams ended", () => {
    const gauge = new LabelledValue("active", "Open.", "gauge");
    const series = gauge.child({ endpoint: "/x" });
    series.add(1);
    series.add(1);
    expect(gauge.render()).toContain('active{endpoint="/x"} 2');
    series.add(-1);
    series.add(-1);
    expect(gauge.render()).toBe(
      ["# HELP active Open.", "# TYPE active gauge", 'active{endpoint="/x"} 0', ""].join("\n"),
    );
  });
});
