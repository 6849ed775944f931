// The add/configure widget form: every kind's settings, sent as the
// generated WidgetCreate / WidgetUpdate bodies.
import type { WidgetConfig, WidgetKind } from "./api";
import { field, h, select } from "./dom";
import { clearError, errorBox, modal, showError } from "./forms";
import { intervals, ranges } from "./widgets/chart";
import { kindLabels } from "./widgets/index";
import type { Tile } from "./widgets/types";

const kinds: WidgetKind[] = ["watchlist", "price_chart", "news_feed", "market_overview", "heatmap"];

export interface WidgetInput {
  title: string;
  config: WidgetConfig;
}

function symbolsOf(s: string): string[] {
  return [...new Set(s.split(/[\s,]+/).map((x) => x.trim().toUpperCase()).filter(Boolean))];
}

function configFrom(form: HTMLFormElement, kind: WidgetKind): WidgetConfig {
  const v = (n: string) => (form.elements.namedItem(n) as HTMLInputElement | HTMLSelectElement | null)?.value ?? "";
  const symbols = symbolsOf(v("symbols"));
  switch (kind) {
    case "watchlist":
      return { kind, symbols };
    case "price_chart":
      return { kind, symbol: symbols[0] ?? "", interval: v("interval") as "1d", range: v("range") as "1y", chartType: v("chartType") as "line" };
    case "news_feed": {
      const q = v("query").trim();
      return { kind, symbols: symbols.length ? symbols : undefined, query: q || undefined, maxItems: Number(v("maxItems")) || 20 };
    }
    case "market_overview":
      return { kind, symbols };
    case "heatmap":
      return { kind, symbols, metric: v("metric") as "change_pct", groupBy: v("groupBy") as "none" };
  }
}

function kindFields(kind: WidgetKind, c: Partial<Record<string, unknown>>): HTMLElement[] {
  const syms = (c.symbols as string[] | undefined)?.join(", ") ?? (c.symbol as string | undefined) ?? "";
  const symInput = h("input", { name: "symbols", value: syms || (kind === "news_feed" ? "" : "AAPL, MSFT, NVDA"), autocomplete: "off", spellcheck: "false" });
  switch (kind) {
    case "price_chart":
      symInput.name = "symbols";
      symInput.value = syms || "AAPL";
      return [
        field("Symbol", symInput),
        field("Interval", select("interval", intervals, (c.interval as string) ?? "1d")),
        field("Range", select("range", ranges, (c.range as string) ?? "1y")),
        field("Chart type", select("chartType", ["line", "candle"], (c.chartType as string) ?? "line")),
      ];
    case "news_feed":
      return [
        field("Symbols (optional)", symInput, "Comma-separated; empty for all news"),
        field("Search (optional)", h("input", { name: "query", value: (c.query as string) ?? "", maxlength: 200 })),
        field("Articles", h("input", { name: "maxItems", type: "number", min: 1, max: 50, value: String(c.maxItems ?? 10) })),
      ];
    case "heatmap":
      return [
        field("Symbols", symInput, "Comma-separated, up to 50"),
        field("Metric", select("metric", ["change_pct", "volume", "market_cap"], (c.metric as string) ?? "change_pct", { change_pct: "Change %", volume: "Volume", market_cap: "Market cap" })),
        field("Group by", select("groupBy", ["none", "sector", "type"], (c.groupBy as string) ?? "none")),
      ];
    default:
      return [field("Symbols", symInput, "Comma-separated, up to 50")];
  }
}

/** widgetForm asks for a new widget (t absent) or new settings of t, calling submit until it succeeds. */
export function widgetForm(t: Tile | undefined, submit: (w: WidgetInput) => Promise<void>): void {
  let kind: WidgetKind = t?.config.kind ?? "watchlist";
  const err = errorBox();
  const extra = h("div", { class: "kind-fields" });
  const title = h("input", { name: "title", value: t?.title ?? kindLabels[kind], required: true, maxlength: 100 });
  const kindSel = select("kind", kinds, kind, kindLabels);
  const setKind = (k: WidgetKind, c: Partial<Record<string, unknown>>) => {
    if (!t && (title.value === "" || Object.values(kindLabels).includes(title.value))) title.value = kindLabels[k] ?? k;
    kind = k;
    extra.replaceChildren(...kindFields(k, c));
  };
  setKind(kind, (t?.config ?? {}) as Record<string, unknown>);
  kindSel.addEventListener("change", () => setKind(kindSel.value as WidgetKind, {}));
  modal(t ? `Configure “${t.title}”` : "Add a widget", (close) => {
    const form = h(
      "form",
      { class: "stack", method: "dialog" },
      t ? null : field("Kind", kindSel),
      field("Title", title),
      extra,
      err,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: close }, "Cancel"),
        h("button", { type: "submit", class: "primary" }, t ? "Save" : "Add widget")),
    );
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      clearError(form, err);
      try {
        await submit({ title: title.value.trim(), config: configFrom(form, kind) });
        close();
      } catch (e) {
        showError(form, err, e);
      }
    });
    return [form];
  });
}
