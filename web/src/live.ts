// Live updates: the one module that knows how the page subscribes. It
// opens the public quote stream (GET /api/stream?symbols=…); a stream that
// errors or closes is closed and reopened from the last event id seen.
import type { Quote } from "./api";

/** DashboardChange is a change of the dashboard made elsewhere. */
export interface DashboardChange {
  dashboardId: number;
  etag: string;
  deleted: boolean;
}

export interface LiveHandlers {
  quote(q: Quote): void;
  dashboard?(c: DashboardChange): void;
  status?(s: "live" | "reconnecting"): void;
}

export interface LiveTarget {
  dashboardId?: number; // a stored dashboard; undefined for the demo
  symbols: string[];
}

/** connect subscribes to target's live events until the returned stop is called. */
export function connect(target: LiveTarget, on: LiveHandlers): () => void {
  let es: EventSource | null = null;
  let lastId = "";
  let stopped = false;
  let retry = 1000;
  let timer = 0;
  const symbols = [...new Set(target.symbols)].slice(0, 50);
  if (symbols.length === 0) return () => {};

  const open = () => {
    if (stopped) return;
    const u = new URL("/api/stream", location.origin);
    u.searchParams.set("symbols", symbols.join(","));
    if (lastId) u.searchParams.set("lastEventId", lastId);
    es = new EventSource(u);
    es.addEventListener("open", () => {
      retry = 1000;
      on.status?.("live");
    });
    es.addEventListener("quote", (ev) => {
      const m = ev as MessageEvent<string>;
      if (m.lastEventId) lastId = m.lastEventId;
      on.quote(JSON.parse(m.data) as Quote);
    });
    es.addEventListener("dashboard", (ev) => {
      const m = ev as MessageEvent<string>;
      if (m.lastEventId) lastId = m.lastEventId;
      on.dashboard?.(JSON.parse(m.data) as DashboardChange);
    });
    es.addEventListener("closing", () => reopen());
    es.addEventListener("error", () => reopen());
  };
  const reopen = () => {
    es?.close();
    es = null;
    if (stopped) return;
    on.status?.("reconnecting");
    window.clearTimeout(timer);
    timer = window.setTimeout(open, retry);
    retry = Math.min(retry * 2, 30000);
  };
  open();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    es?.close();
  };
}
