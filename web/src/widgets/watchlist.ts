// Watchlist: a table of live quotes, each with its provenance.
import type { Schemas } from "../api";
import { h } from "../dom";
import { direction, fmt, provenance, watch } from "../quotes";
import type { View } from "./types";

export function watchlist(c: Schemas["WatchlistConfig"], title: string): View {
  const rows = h("tbody");
  const stops: (() => void)[] = [];
  for (const sym of c.symbols) {
    const price = h("td", { class: "num" }, "—");
    const change = h("td", { class: "num" }, "");
    const src = h("td", { class: "src" }, "");
    rows.append(h("tr", { "data-symbol": sym }, h("th", { scope: "row" }, sym), price, c.showChange === false ? null : change, src));
    stops.push(
      watch(sym, (q) => {
        price.textContent = fmt.price(q.price);
        change.textContent = `${fmt.change(q.change)} (${fmt.pct(q.changePct)})`;
        change.className = `num ${direction(q.change)}`;
        src.replaceChildren(provenance(q));
      }),
    );
  }
  const table = h(
    "table",
    { class: "quotes" },
    h("caption", { class: "sr-only" }, `${title}: latest quotes`),
    h(
      "thead",
      {},
      h("tr", {}, h("th", { scope: "col" }, "Symbol"), h("th", { scope: "col", class: "num" }, "Price"),
        c.showChange === false ? null : h("th", { scope: "col", class: "num" }, "Change"), h("th", { scope: "col" }, "Source")),
    ),
    rows,
  );
  return { body: h("div", { class: "scroll" }, table), destroy: () => stops.forEach((s) => s()) };
}
