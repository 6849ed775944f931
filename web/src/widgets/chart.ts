// Price chart: bars of one symbol over the configured interval and range,
// drawn by lightweight-charts (loaded on first use), its last point moved
// by live quotes. Interval and range are changed in place and saved.
import { api, must, type Schemas } from "../api";
import { field, h, select } from "../dom";
import { watch } from "../quotes";
import type { Ctx, View } from "./types";

type Cfg = Schemas["PriceChartConfig"];
export const intervals = ["1m", "5m", "1h", "1d"] as const;
export const ranges = ["1d", "5d", "1mo", "3mo", "6mo", "1y", "5y"] as const;

const day = 86_400_000;
const rangeMs: Record<Cfg["range"], number> = { "1d": day, "5d": 5 * day, "1mo": 31 * day, "3mo": 92 * day, "6mo": 183 * day, "1y": 366 * day, "5y": 1827 * day };
const intervalMs: Record<Cfg["interval"], number> = { "1m": 60_000, "5m": 300_000, "1h": 3_600_000, "1d": day };

/** from is the start of the range, clamped to the API's 5,000-interval limit. */
function from(c: Cfg): string {
  const span = Math.min(rangeMs[c.range], intervalMs[c.interval] * 4999);
  return new Date(Date.now() - span).toISOString();
}

export function priceChart(c: Cfg, title: string, ctx: Ctx): View {
  const holder = h("div", { class: "chart", role: "img", "aria-label": `${title}: ${c.symbol} price chart` });
  const msg = h("p", { class: "muted", role: "status" });
  const interval = select("interval", intervals, c.interval);
  const range = select("range", ranges, c.range);
  let cfg = c;
  let destroyed = false;
  let cleanup: (() => void)[] = [];
  const draw = async () => {
    cleanup.forEach((f) => f());
    cleanup = [];
    holder.replaceChildren();
    try {
      const [lib, r] = await Promise.all([
        import("lightweight-charts"),
        api.GET("/api/assets/{symbol}/history", { params: { path: { symbol: cfg.symbol }, query: { interval: cfg.interval, from: from(cfg) } } }),
      ]);
      const hist = must(r);
      if (destroyed) return;
      msg.textContent = hist.bars.length ? "" : `No ${cfg.interval} bars of ${cfg.symbol} in this range.`;
      const dark = matchMedia("(prefers-color-scheme: dark)").matches;
      const chart = lib.createChart(holder, {
        autoSize: true,
        layout: { background: { color: "transparent" }, textColor: dark ? "#cbd5e1" : "#334155", attributionLogo: false },
        grid: { vertLines: { visible: false }, horzLines: { color: dark ? "#1e293b" : "#e2e8f0" } },
        timeScale: { timeVisible: cfg.interval !== "1d" },
      });
      const t = (iso: string) => (Date.parse(iso) / 1000) as import("lightweight-charts").UTCTimestamp;
      const series =
        cfg.chartType === "candle"
          ? chart.addSeries(lib.CandlestickSeries, {})
          : chart.addSeries(lib.AreaSeries, { lineColor: "#3b82f6", topColor: "rgba(59,130,246,0.35)", bottomColor: "rgba(59,130,246,0)", lineWidth: 2 });
      const data = hist.bars.map((b) => (cfg.chartType === "candle" ? { time: t(b.ts), open: b.open, high: b.high, low: b.low, close: b.close } : { time: t(b.ts), value: b.close }));
      series.setData(data as never);
      chart.timeScale().fitContent();
      const last = hist.bars.at(-1);
      const stop = watch(cfg.symbol, (q) => {
        if (!last || cfg.chartType === "candle") return;
        const ts = Math.max(t(q.asOf), t(last.ts));
        series.update({ time: ts as import("lightweight-charts").UTCTimestamp, value: q.price });
      });
      cleanup.push(stop, () => chart.remove());
    } catch (e) {
      msg.textContent = (e as Error).message;
    }
  };
  const change = async () => {
    const next = { ...cfg, interval: interval.value as Cfg["interval"], range: range.value as Cfg["range"] };
    try {
      await ctx.saveConfig?.(next);
      cfg = next;
      void draw();
    } catch (e) {
      msg.textContent = (e as Error).message;
      interval.value = cfg.interval;
      range.value = cfg.range;
    }
  };
  interval.addEventListener("change", () => void change());
  range.addEventListener("change", () => void change());
  void draw();
  const controls = h("div", { class: "chart-controls" }, field("Interval", interval), field("Range", range));
  return {
    body: h("div", { class: "chart-wrap" }, controls, msg, holder),
    destroy: () => {
      destroyed = true;
      cleanup.forEach((f) => f());
      cleanup = [];
    },
  };
}
