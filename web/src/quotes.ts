// The quote store: the latest quote per symbol, from REST reads and the
// live stream, with subscribers per symbol.
import type { Quote } from "./api";
import { h } from "./dom";

type Listener = (q: Quote) => void;

const latest = new Map<string, Quote>();
const listeners = new Map<string, Set<Listener>>();

/** put stores q when it is newer than what is held and tells the subscribers. */
export function put(q: Quote): void {
  const old = latest.get(q.symbol);
  if (old && old.asOf > q.asOf && old.updatedAt >= q.updatedAt) return;
  latest.set(q.symbol, q);
  for (const l of listeners.get(q.symbol) ?? []) l(q);
}

/** get is the held quote of symbol. */
export function get(symbol: string): Quote | undefined {
  return latest.get(symbol);
}

/** watch calls l with every new quote of symbol (and the held one now); it returns the unsubscribe. */
export function watch(symbol: string, l: Listener): () => void {
  let set = listeners.get(symbol);
  if (!set) listeners.set(symbol, (set = new Set()));
  set.add(l);
  const held = latest.get(symbol);
  if (held) l(held);
  return () => set.delete(l);
}

// The formatters are built on first use: building one loads locale data,
// which need not delay the first paint.
function lazy<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= make());
}
const money = lazy(() => new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const small = lazy(() => new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 6 }));
const time = lazy(() => new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
const compact = lazy(() => new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }));

export const fmt = {
  price: (p: number) => (p < 1 ? small().format(p) : money().format(p)),
  change: (c: number) => `${c > 0 ? "+" : ""}${money().format(c)}`,
  pct: (c: number) => `${c > 0 ? "+" : ""}${c.toFixed(2)}%`,
  time: (iso: string) => time().format(new Date(iso)),
  compact: (n: number) => compact().format(n),
};

/** direction is the class of a change: up, down or flat. */
export function direction(change: number): string {
  return change > 0 ? "up" : change < 0 ? "down" : "flat";
}

/** provenance shows where a quote came from and when: provider, as-of and a stale badge. */
export function provenance(q: Quote): HTMLElement {
  const when = new Date(q.asOf);
  return h(
    "span",
    { class: "prov" },
    h("span", { class: "provider", title: "Provider" }, q.provider),
    " · ",
    h("time", { datetime: q.asOf, title: `As of ${when.toISOString()}` }, fmt.time(q.asOf)),
    q.stale ? h("span", { class: "badge stale", title: "Older than the freshness window: the price may have moved" }, "stale") : null,
  );
}
