// A tiny element builder. It never sets a style attribute (the page's CSP
// forbids inline style); layout values go through element.style (CSSOM).

type Child = Node | string | number | null | undefined | false;
type Attr = string | number | boolean | undefined | ((ev: Event) => void);

/** h creates an element with attributes, event listeners (on*) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = String(v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/** append adds children, skipping empty ones. */
export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "number" ? String(c) : c);
  }
}

/** replace sets el's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
/** uid is a fresh element id for label/aria wiring. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** field is a labelled input, select or textarea. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uid("f");
  const hintEl = hint ? h("small", { id: `${control.id}-hint`, class: "hint" }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hintEl);
}

/** select builds a select of values (label = value unless given). */
export function select(name: string, values: readonly string[], current?: string, labels?: Record<string, string>): HTMLSelectElement {
  const s = h("select", { name });
  for (const v of values) s.append(h("option", { value: v, selected: v === current }, labels?.[v] ?? v));
  return s;
}

/** toast announces a short message politely. */
export function toast(msg: string): void {
  const t = document.getElementById("toast");
  if (!t) return;
  t.textContent = msg;
  window.setTimeout(() => {
    if (t.textContent === msg) t.textContent = "";
  }, 4000);
}
