// News feed: the newest articles of the widget's symbols, or a full-text
// search with the server's highlights (<mark> in escaped text, rendered
// without innerHTML).
import { api, must, type Schemas } from "../api";
import { field, h } from "../dom";
import type { View } from "./types";

type Cfg = Schemas["NewsFeedConfig"];
type Article = Schemas["NewsArticle"];

const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#34;": '"' };

function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|#34);/g, (m) => entities[m] ?? m);
}

/** marked renders escaped text with <mark> spans as text nodes and mark elements. */
export function marked(escaped: string): Node[] {
  return escaped.split(/(<mark>.*?<\/mark>)/s).filter(Boolean).map((part) =>
    part.startsWith("<mark>") ? h("mark", {}, unescape(part.slice(6, -7))) : document.createTextNode(unescape(part)),
  );
}

function item(a: Article): HTMLElement {
  const title = a.match ? marked(a.match.title) : [a.title];
  const summary = a.match ? marked(a.match.snippet) : [a.summary.length > 180 ? `${a.summary.slice(0, 180)}…` : a.summary];
  const link = h("a", { href: a.url, target: "_blank", rel: "noopener noreferrer" });
  link.append(...title);
  const p = h("p", {});
  p.append(...summary);
  return h(
    "li",
    { class: "article" },
    h("h3", {}, link),
    h("div", { class: "meta" }, a.source, " · ", h("time", { datetime: a.publishedAt }, new Date(a.publishedAt).toLocaleString("en-US")),
      a.symbols.length ? ` · ${a.symbols.slice(0, 4).join(", ")}` : ""),
    p,
  );
}

export function newsFeed(c: Cfg, title: string): View {
  const list = h("ul", { class: "news" });
  const msg = h("p", { class: "muted", role: "status" });
  const input = h("input", { type: "search", name: "q", value: c.query ?? "", maxlength: 200, placeholder: "Search news" });
  let seq = 0;
  const load = async () => {
    const n = ++seq;
    const q = input.value.trim();
    try {
      const r = await api.GET("/api/news", {
        params: { query: { limit: c.maxItems ?? 20, q: q || undefined, symbol: c.symbols?.length ? c.symbols.slice(0, 20) : undefined } },
      });
      const page = must(r);
      if (n !== seq) return;
      list.replaceChildren(...page.items.map(item));
      msg.textContent = page.items.length ? "" : q ? `No articles match “${q}”.` : "No articles yet.";
    } catch (e) {
      if (n === seq) msg.textContent = (e as Error).message;
    }
  };
  const form = h(
    "form",
    { class: "news-search", role: "search", "aria-label": `Search ${title}`, onsubmit: (ev: Event) => { ev.preventDefault(); void load(); } },
    field("Search", input),
    h("button", { type: "submit" }, "Search"),
  );
  void load();
  const timer = window.setInterval(() => void load(), 60_000);
  return { body: h("div", { class: "scroll" }, form, msg, list), destroy: () => window.clearInterval(timer) };
}
