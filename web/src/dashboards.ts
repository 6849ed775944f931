// The signed-in view: the list of dashboards (create, rename, delete) and
// the chosen one.
import { api, ApiError, etagOf, must, type Dashboard } from "./api";
import { Board } from "./board";
import { field, h, replace, toast } from "./dom";
import { clearError, errorBox, modal, showError } from "./forms";

export class Dashboards {
  readonly el = h("div", { class: "app" });
  private nav = h("nav", { class: "boards", "aria-label": "Dashboards" });
  private area = h("div", { class: "area" });
  private list: Dashboard[] = [];
  private board: Board | null = null;
  private current = 0;

  constructor() {
    this.el.append(this.nav, this.area);
  }

  destroy(): void {
    this.board?.destroy();
  }

  /** start loads the dashboards (creating a first one) and opens wanted or the default. */
  async start(wanted?: number): Promise<void> {
    await this.load();
    if (this.list.length === 0) {
      must(await api.POST("/api/dashboards", { body: { name: "My dashboard" } }));
      await this.load();
    }
    const pick = this.list.find((d) => d.id === wanted) ?? this.list.find((d) => d.isDefault) ?? this.list[0]!;
    await this.open(pick.id);
  }

  private async load(): Promise<void> {
    this.list = must(await api.GET("/api/dashboards", { params: { query: { limit: 100 } } })).items;
    this.drawNav();
  }

  private drawNav(): void {
    const items = this.list.map((d) =>
      h("li", {}, h("a", { href: `/dashboards/${d.id}`, "aria-current": d.id === this.current ? "page" : undefined,
        onclick: (ev: Event) => { ev.preventDefault(); void this.open(d.id); } }, d.name)));
    replace(
      this.nav,
      h("h2", {}, "Dashboards"),
      h("ul", {}, ...items),
      h("div", { class: "nav-tools" },
        h("button", { type: "button", class: "secondary", onclick: () => this.nameForm("New dashboard", "", (n) => this.create(n)) }, "New dashboard"),
        this.current ? h("button", { type: "button", class: "secondary", onclick: () => this.nameForm("Rename dashboard", this.name(), (n) => this.rename(n)) }, "Rename") : null,
        this.current ? h("button", { type: "button", class: "danger", onclick: () => this.remove() }, "Delete") : null),
    );
  }

  private name(): string {
    return this.list.find((d) => d.id === this.current)?.name ?? "";
  }

  /** open shows dashboard id and puts it in the address bar. */
  async open(id: number): Promise<void> {
    const r = await api.GET("/api/dashboards/{dashboardId}", { params: { path: { dashboardId: id } } });
    const d = must(r);
    this.board?.destroy();
    this.current = id;
    if (location.pathname !== `/dashboards/${id}`) history.pushState(null, "", `/dashboards/${id}`);
    this.board = new Board(d.widgets, d.name, { detail: d, etag: etagOf(r) }, () => void this.load());
    this.area.replaceChildren(this.board.el);
    document.title = `${d.name} · Market Pulse`;
    this.drawNav();
  }

  private nameForm(title: string, value: string, submit: (name: string) => Promise<void>): void {
    modal(title, (close) => {
      const err = errorBox();
      const input = h("input", { name: "name", value, required: true, maxlength: 100 });
      const form = h("form", { class: "stack" }, field("Name", input), err,
        h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onclick: close }, "Cancel"),
          h("button", { type: "submit", class: "primary" }, "Save")));
      form.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        clearError(form, err);
        try {
          await submit(input.value.trim());
          close();
        } catch (e) {
          showError(form, err, e);
        }
      });
      return [form];
    });
  }

  private async create(name: string): Promise<void> {
    const d = must(await api.POST("/api/dashboards", { body: { name } }));
    await this.load();
    await this.open(d.id);
  }

  private async rename(name: string): Promise<void> {
    const cur = await api.GET("/api/dashboards/{dashboardId}", { params: { path: { dashboardId: this.current } } });
    must(cur);
    must(await api.PATCH("/api/dashboards/{dashboardId}", { params: { path: { dashboardId: this.current }, header: { "If-Match": etagOf(cur) } }, body: { name } }));
    await this.load();
    await this.open(this.current);
  }

  private remove(): void {
    modal(`Delete “${this.name()}”?`, (close) => [
      h("p", {}, "The dashboard and all its widgets are deleted."),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: close }, "Cancel"),
        h("button", { type: "button", class: "danger", onclick: async () => {
          close();
          const r = await api.DELETE("/api/dashboards/{dashboardId}", { params: { path: { dashboardId: this.current } } });
          if (r.error) toast(new ApiError(r.response.status, r.error).message);
          this.current = 0;
          await this.start();
        } }, "Delete")),
    ]);
  }
}
