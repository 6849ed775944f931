// Heatmap: a tile per symbol sized by the metric's weight and coloured by
// the day's change (CSSOM styles, which the CSP allows), optionally grouped.
import { api, must, type Quote, type Schemas } from "../api";
import { h } from "../dom";
import { fmt, watch } from "../quotes";
import type { View } from "./types";

type Cfg = Schemas["HeatmapConfig"];

const groups = new Map<string, Promise<string>>();

function groupOf(sym: string, by: "sector" | "type"): Promise<string> {
  const key = `${by}:${sym}`;
  let p = groups.get(key);
  if (!p) {
    p = api
      .GET("/api/assets/{symbol}", { params: { path: { symbol: sym } } })
      .then((r) => {
        const a = must(r);
        return (by === "sector" ? a.sector : a.type) || "Other";
      })
      .catch(() => "Other");
    groups.set(key, p);
  }
  return p;
}

function weight(q: Quote, metric: Cfg["metric"]): number {
  if (metric === "volume") return Math.max(q.volume, 1);
  if (metric === "market_cap") return Math.max(q.marketCap ?? 1, 1);
  return Math.max(Math.abs(q.changePct), 0.1);
}

function colour(pct: number): string {
  // Darker for a bigger move, never so light that white text loses contrast.
  const k = Math.min(Math.abs(pct) / 3, 1);
  return pct >= 0 ? `hsl(142 70% ${(27 - 10 * k).toFixed(1)}%)` : `hsl(0 70% ${(40 - 14 * k).toFixed(1)}%)`;
}

export function heatmap(c: Cfg): View {
  const body = h("div", { class: "heat" });
  const boxes = new Map<string, HTMLElement>();
  const tiles: HTMLElement[] = c.symbols.map((sym) => {
    const label = h("span", { class: "sym" }, sym);
    const val = h("span", { class: "val" }, "—");
    const t = h("div", { class: "tile", role: "img", "aria-label": `${sym}: no quote yet` }, label, val);
    return t;
  });
  const place = async () => {
    const by = c.groupBy ?? "none";
    if (by === "none") {
      const box = h("div", { class: "heat-group" });
      box.append(...tiles);
      body.replaceChildren(box);
      return;
    }
    const names = await Promise.all(c.symbols.map((s) => groupOf(s, by)));
    body.replaceChildren();
    names.forEach((g, i) => {
      let box = boxes.get(g);
      if (!box) {
        box = h("div", { class: "heat-group" });
        boxes.set(g, box);
        body.append(h("section", { class: "heat-sec", "aria-label": g }, h("h3", {}, g), box));
      }
      box.append(tiles[i]!);
    });
  };
  void place();
  const stops = c.symbols.map((sym, i) =>
    watch(sym, (q) => {
      const t = tiles[i]!;
      t.style.flexGrow = String(weight(q, c.metric));
      t.style.backgroundColor = colour(q.changePct);
      const shown = c.metric === "change_pct" ? fmt.pct(q.changePct) : c.metric === "volume" ? fmt.compact(q.volume) : fmt.compact(q.marketCap ?? 0);
      t.lastElementChild!.textContent = shown;
      t.setAttribute("aria-label", `${sym}: ${fmt.pct(q.changePct)}, ${shown}`);
    }),
  );
  return { body, destroy: () => stops.forEach((s) => s()) };
}
