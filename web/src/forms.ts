// Form helpers: an alert area for problem documents, and marking the
// controls their field errors point at.
import { ApiError } from "./api";
import { h } from "./dom";

/** errorBox is the form's alert area. */
export function errorBox(): HTMLElement {
  return h("div", { class: "error", role: "alert" });
}

/** showError writes e into box as a readable message and marks the failed fields in form. */
export function showError(form: HTMLFormElement, box: HTMLElement, e: unknown): void {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  box.textContent = e instanceof Error ? e.message : String(e);
  if (!(e instanceof ApiError)) return;
  let first: HTMLElement | null = null;
  for (const fe of e.problem?.errors ?? []) {
    const name = fe.pointer.split("/").filter((s) => s && !/^\d+$/.test(s)).at(-1);
    const el = name ? form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`) : null;
    if (el) {
      el.setAttribute("aria-invalid", "true");
      first ??= el;
    }
  }
  first?.focus();
}

/** clearError empties box and the field marks. */
export function clearError(form: HTMLFormElement, box: HTMLElement): void {
  box.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

/** modal opens a dialog with title and content; it resolves when the dialog closes. */
export function modal(title: string, build: (close: () => void) => Node[]): HTMLDialogElement {
  const heading = h("h2", { id: `dlg-${Date.now()}` }, title);
  const d = h("dialog", { "aria-labelledby": heading.id, class: "dialog" });
  const close = () => {
    d.close();
  };
  d.append(heading, ...build(close));
  d.addEventListener("close", () => d.remove());
  document.body.append(d);
  d.showModal();
  return d;
}
