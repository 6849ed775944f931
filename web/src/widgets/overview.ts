// Market overview: one card per symbol with price, change and provenance.
import type { Schemas } from "../api";
import { h } from "../dom";
import { direction, fmt, provenance, watch } from "../quotes";
import type { View } from "./types";

export function overview(c: Schemas["MarketOverviewConfig"]): View {
  const grid = h("ul", { class: "cards" });
  const stops = c.symbols.map((sym) => {
    const price = h("span", { class: "big" }, "—");
    const change = h("span", { class: "chg" });
    const src = h("span", { class: "src" });
    grid.append(h("li", { class: "card", "data-symbol": sym }, h("span", { class: "sym" }, sym), price, change, src));
    return watch(sym, (q) => {
      price.textContent = fmt.price(q.price);
      change.textContent = fmt.pct(q.changePct);
      change.className = `chg ${direction(q.change)}`;
      src.replaceChildren(provenance(q));
    });
  });
  return { body: h("div", { class: "scroll" }, grid), destroy: () => stops.forEach((s) => s()) };
}
