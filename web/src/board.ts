// A dashboard on screen: its widgets on the 12-column grid, live quotes,
// layout edits saved with If-Match, and the conflict dialog on 412.
import { api, ApiError, etagOf, must, quotes, type DashboardDetail, type GridPosition, type WidgetConfig } from "./api";
import { h, toast } from "./dom";
import { modal } from "./forms";
import { freeSpot, moveTo, step, type Positions, type Step } from "./layout";
import { connect } from "./live";
import { put } from "./quotes";
import { view } from "./widgets/index";
import { symbolsOf, type Tile, type View } from "./widgets/types";
import { widgetForm, type WidgetInput } from "./widgetform";

/** Source is where a board's data lives: a stored dashboard, or none for the demo. */
export interface Stored {
  detail: DashboardDetail;
  etag: string;
}

const steps: [Step, string, string][] = [
  ["left", "←", "Move left"], ["right", "→", "Move right"], ["up", "↑", "Move up"], ["down", "↓", "Move down"],
  ["narrower", "−W", "Narrower"], ["wider", "+W", "Wider"], ["shorter", "−H", "Shorter"], ["taller", "+H", "Taller"],
];

export class Board {
  readonly el = h("div", { class: "board" });
  private grid = h("div", { class: "grid" });
  private status = h("span", { class: "status", role: "status", "aria-live": "polite" });
  private live = h("span", { class: "live", "aria-label": "Live updates" }, "connecting…");
  private banner = h("div", { class: "banner", hidden: true });
  private views: View[] = [];
  private stopLive = () => {};
  private poll = 0;
  private editing = false;
  private saving: Promise<void> = Promise.resolve();
  private loaded!: () => void;
  /** ready settles once the first quotes are on screen (the page's meaningful paint). */
  readonly ready = new Promise<void>((resolve) => (this.loaded = resolve));

  constructor(
    private tiles: Tile[],
    private name: string,
    private stored: Stored | null,
    private onReloaded?: () => void,
  ) {
    this.el.append(this.toolbar(), this.banner, this.grid);
    this.render();
    this.subscribe();
  }

  destroy(): void {
    this.views.forEach((v) => v.destroy());
    this.views = [];
    this.stopLive();
    window.clearInterval(this.poll);
  }

  private toolbar(): HTMLElement {
    const editBtn = h("button", { type: "button", class: "secondary", "aria-pressed": "false" }, "Edit layout");
    editBtn.addEventListener("click", () => {
      this.editing = !this.editing;
      editBtn.setAttribute("aria-pressed", String(this.editing));
      this.grid.classList.toggle("editing", this.editing);
    });
    return h(
      "div",
      { class: "toolbar" },
      h("h1", {}, this.name),
      this.stored
        ? h("div", { class: "tools" },
            h("button", { type: "button", class: "primary", onclick: () => widgetForm(undefined, (w) => this.addWidget(w)) }, "Add widget"),
            editBtn)
        : h("p", { class: "muted" }, "A demo of public market data. Sign in to build your own dashboards."),
      h("div", { class: "meta" }, this.live, this.status),
    );
  }

  private positions(): Positions {
    return new Map(this.tiles.map((t) => [t.id, { ...t.position }]));
  }

  /** render draws the tiles in reading order (so a phone's single column keeps it). */
  private render(): void {
    this.views.forEach((v) => v.destroy());
    this.views = [];
    const sorted = [...this.tiles].sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
    this.grid.replaceChildren(...sorted.map((t) => this.tile(t)));
    if (this.tiles.length === 0) {
      this.grid.append(h("p", { class: "empty" }, this.stored ? "No widgets yet: add one with “Add widget”." : "Nothing to show."));
    }
  }

  private tile(t: Tile): HTMLElement {
    const v = view(t, this.stored ? { saveConfig: (c) => this.saveConfig(t, c) } : {});
    this.views.push(v);
    const titleId = `w-${t.id}-title`;
    const sec = h("section", { class: `widget kind-${t.config.kind}`, "aria-labelledby": titleId, "data-widget-id": t.id });
    place(sec, t.position);
    const head = h("header", { class: "widget-head" }, h("h2", { id: titleId }, t.title));
    if (this.stored) {
      const tools = h("div", { class: "widget-tools" },
        h("button", { type: "button", class: "icon", "aria-label": `Configure ${t.title}`, onclick: () => widgetForm(t, (w) => this.updateWidget(t, w)) }, "⚙"),
        h("button", { type: "button", class: "icon", "aria-label": `Remove ${t.title}`, onclick: () => this.removeWidget(t) }, "✕"));
      const layout = h("div", { class: "layout-tools", role: "group", "aria-label": `Layout of ${t.title}` },
        ...steps.map(([s, glyph, label]) =>
          h("button", { type: "button", class: "icon", "aria-label": `${label}: ${t.title}`, title: label, onclick: () => this.move(t.id, s) }, glyph)));
      head.append(tools, layout);
      head.addEventListener("pointerdown", (ev) => this.drag(ev, t.id, sec));
    }
    sec.append(head, h("div", { class: "widget-body" }, v.body));
    return sec;
  }

  private subscribe(): void {
    const symbols = [...new Set(this.tiles.flatMap((t) => symbolsOf(t.config)))];
    const refresh = async () => {
      try {
        const qs = await quotes(symbols);
        qs.forEach(put);
        // The demo's symbols are on no dashboard, so the server refreshes
        // them on demand: a single-quote read that answers stale starts one
        // fetch, whose quote then arrives on the stream.
        if (!this.stored) for (const q of qs.filter((q) => q.stale)) void api.GET("/api/assets/{symbol}/quote", { params: { path: { symbol: q.symbol } } });
      } catch (e) {
        toast((e as Error).message);
      }
    };
    void refresh().then(() => this.loaded());
    // Stored dashboards' symbols are refreshed by the server and arrive on
    // the stream, so polling is only a fallback there; the demo's symbols
    // are refreshed on demand, by reads.
    const every = this.stored ? 60 : Math.max(5, Math.min(30, ...this.tiles.map((t) => t.refreshSeconds)));
    this.poll = window.setInterval(() => void refresh(), every * 1000);
    this.stopLive = connect(
      { dashboardId: this.stored?.detail.id, symbols },
      {
        quote: put,
        status: (s) => (this.live.textContent = s === "live" ? "● live" : "reconnecting…"),
        // Our own changes come back as events too: after what we are saving
        // settles, only a version newer than ours was made elsewhere.
        dashboard: (c) => void this.saving.then(() => {
          if (this.stored && (c.deleted || versionOf(c.etag) > this.stored.detail.version)) this.changedElsewhere(c.deleted);
        }),
      },
    );
  }

  private changedElsewhere(deleted: boolean): void {
    this.banner.hidden = false;
    this.banner.replaceChildren(
      deleted ? "This dashboard was deleted elsewhere." : "This dashboard was changed elsewhere.",
      deleted ? "" : h("button", { type: "button", class: "secondary", onclick: () => void this.reload() }, "Load the changes"),
    );
  }

  /** reload reads the stored dashboard again and redraws it. */
  async reload(): Promise<void> {
    if (!this.stored) return;
    const r = await api.GET("/api/dashboards/{dashboardId}", { params: { path: { dashboardId: this.stored.detail.id } } });
    const d = must(r);
    this.stored = { detail: d, etag: etagOf(r) };
    this.tiles = d.widgets;
    this.banner.hidden = true;
    this.destroy();
    this.render();
    this.subscribe();
    this.onReloaded?.();
  }

  /** drag moves a widget by its header with a pointer while the layout is edited (the buttons do it by keyboard). */
  private drag(ev: PointerEvent, id: number, sec: HTMLElement): void {
    if (!this.editing || (ev.target as Element).closest("button") || ev.button !== 0) return;
    ev.preventDefault();
    const rect = this.grid.getBoundingClientRect();
    const gap = parseFloat(getComputedStyle(this.grid).columnGap) || 0;
    const colW = (rect.width + gap) / 12;
    const rowH = parseFloat(getComputedStyle(this.grid).gridAutoRows) + gap;
    const start = this.positions().get(id)!;
    const x0 = ev.clientX, y0 = ev.clientY;
    sec.classList.add("dragging");
    const target = (e: PointerEvent) => ({ x: start.x + Math.round((e.clientX - x0) / colW), y: start.y + Math.round((e.clientY - y0) / rowH) });
    const onMove = (e: PointerEvent) => sec.style.setProperty("translate", `${e.clientX - x0}px ${e.clientY - y0}px`);
    const onUp = (e: PointerEvent) => {
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      sec.classList.remove("dragging");
      sec.style.removeProperty("translate");
      const to = target(e);
      if (to.x === start.x && to.y === start.y) return;
      const next = moveTo(this.positions(), id, to.x, to.y);
      if (next) this.saving = this.saving.then(() => this.saveLayout(next, id));
    };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
  }

  private move(id: number, s: Step): void {
    const next = step(this.positions(), id, s);
    if (!next) {
      toast("It cannot move that way.");
      return;
    }
    this.saving = this.saving.then(() => this.saveLayout(next, id));
  }

  private async saveLayout(next: Positions, focusId: number): Promise<void> {
    if (!this.stored) return;
    const { detail, etag } = this.stored;
    this.status.textContent = "Saving…";
    const items = [...next].map(([widgetId, position]) => ({ widgetId, position }));
    const r = await api.PUT("/api/dashboards/{dashboardId}/layout", {
      params: { path: { dashboardId: detail.id }, header: { "If-Match": etag } },
      body: { items },
    });
    if (r.response.status === 412) {
      this.status.textContent = "Not saved: changed elsewhere";
      this.conflict(next);
      return;
    }
    if (r.error || !r.data) {
      this.status.textContent = new ApiError(r.response.status, r.error).message;
      return;
    }
    this.stored = { detail: r.data, etag: etagOf(r) };
    this.tiles = r.data.widgets;
    for (const t of this.tiles) {
      const sec = this.grid.querySelector<HTMLElement>(`[data-widget-id="${t.id}"]`);
      if (sec) place(sec, t.position);
    }
    this.reorder(focusId);
    this.status.textContent = "Layout saved";
  }

  /** reorder keeps the DOM in reading order without rebuilding the widgets; the moved one keeps focus. */
  private reorder(focusId: number): void {
    const active = document.activeElement;
    const secs = [...this.grid.querySelectorAll<HTMLElement>("[data-widget-id]")];
    const pos = new Map(this.tiles.map((t) => [String(t.id), t.position]));
    secs.sort((a, b) => {
      const p = pos.get(a.dataset.widgetId!)!, q = pos.get(b.dataset.widgetId!)!;
      return p.y - q.y || p.x - q.x;
    });
    this.grid.append(...secs);
    if (active instanceof HTMLElement && this.grid.querySelector(`[data-widget-id="${focusId}"]`)?.contains(active)) active.focus();
  }

  private conflict(mine: Positions): void {
    modal("This dashboard changed elsewhere", (close) => [
      h("p", {}, "Another tab or device saved a change to this dashboard after you opened it, so your layout change was not saved."),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: async () => { close(); await this.overwrite(mine); } }, "Keep my layout"),
        h("button", { type: "button", class: "primary", autofocus: true, onclick: async () => { close(); await this.reload(); } }, "Load the latest version")),
    ]);
  }

  private async overwrite(mine: Positions): Promise<void> {
    await this.reload();
    const ids = new Set(this.tiles.map((t) => t.id));
    if (ids.size !== mine.size || [...mine.keys()].some((id) => !ids.has(id))) {
      toast("The widgets changed elsewhere too: the latest version is shown.");
      return;
    }
    this.saving = this.saving.then(() => this.saveLayout(mine, -1));
  }

  /** run queues a change behind the others, so that the stream's events are judged after it. */
  private run(fn: () => Promise<void>): Promise<void> {
    const p = this.saving.then(fn);
    this.saving = p.catch(() => {});
    return p;
  }

  private addWidget(w: WidgetInput): Promise<void> {
    return this.run(() => this.doAddWidget(w));
  }

  private async doAddWidget(w: WidgetInput): Promise<void> {
    if (!this.stored) return;
    const size: Record<string, [number, number]> = { watchlist: [6, 4], price_chart: [6, 4], news_feed: [6, 5], market_overview: [12, 2], heatmap: [6, 4] };
    const [cw, ch] = size[w.config.kind] ?? [6, 4];
    const position: GridPosition = freeSpot(this.positions(), cw, ch);
    must(await api.POST("/api/dashboards/{dashboardId}/widgets", { params: { path: { dashboardId: this.stored.detail.id } }, body: { ...w, position } }));
    toast(`Added “${w.title}”`);
    await this.reload();
  }

  private updateWidget(t: Tile, w: WidgetInput): Promise<void> {
    return this.run(async () => {
      await this.patch(t, { title: w.title, config: w.config });
      await this.reload();
    });
  }

  private saveConfig(t: Tile, config: WidgetConfig): Promise<void> {
    return this.run(async () => {
      await this.patch(t, { config });
      t.config = config;
    });
  }

  private async patch(t: Tile, body: { title?: string; config?: WidgetConfig }): Promise<void> {
    if (!this.stored) return;
    const r = await api.PATCH("/api/dashboards/{dashboardId}/widgets/{widgetId}", {
      params: { path: { dashboardId: this.stored.detail.id, widgetId: t.id } },
      body,
    });
    must(r);
    const d = await api.GET("/api/dashboards/{dashboardId}", { params: { path: { dashboardId: this.stored.detail.id } } });
    this.stored = { detail: must(d), etag: etagOf(d) };
  }

  private removeWidget(t: Tile): void {
    modal(`Remove “${t.title}”?`, (close) => [
      h("p", {}, "The widget and its settings are deleted."),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: close }, "Cancel"),
        h("button", { type: "button", class: "danger", onclick: async () => {
          close();
          await this.run(async () => {
            const r = await api.DELETE("/api/dashboards/{dashboardId}/widgets/{widgetId}", { params: { path: { dashboardId: this.stored!.detail.id, widgetId: t.id } } });
            if (r.error) toast(new ApiError(r.response.status, r.error).message);
            await this.reload();
          });
        } }, "Remove")),
    ]);
  }
}

/** versionOf reads the version in a dashboard ETag ("d42-v7-…"); Infinity when it has none. */
function versionOf(etag: string): number {
  const m = /-v(\d+)-/.exec(etag);
  return m ? Number(m[1]) : Infinity;
}

/** place puts a widget on the grid through CSS custom properties (CSSOM, allowed by the CSP). */
function place(el: HTMLElement, p: GridPosition): void {
  el.style.setProperty("--col", String(p.x + 1));
  el.style.setProperty("--w", String(p.w));
  el.style.setProperty("--row", String(p.y + 1));
  el.style.setProperty("--h", String(p.h));
}
