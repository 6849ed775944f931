// Sign-in and registration forms.
import { api, must, session } from "./api";
import { field, h } from "./dom";
import { clearError, errorBox, showError } from "./forms";

/** authForm renders the sign-in (or registration) form; done runs once signed in. */
export function authForm(mode: "signin" | "register", done: () => void, other: () => void): HTMLElement {
  const err = errorBox();
  const email = h("input", { name: "email", type: "email", autocomplete: "email", required: true });
  const password = h("input", { name: "password", type: "password", autocomplete: mode === "register" ? "new-password" : "current-password", required: true, minlength: mode === "register" ? 10 : undefined });
  const display = h("input", { name: "displayName", autocomplete: "nickname", required: true, maxlength: 100 });
  const title = mode === "register" ? "Create an account" : "Sign in";
  const form = h(
    "form",
    { class: "stack auth", "aria-labelledby": "auth-title", novalidate: true },
    h("h1", { id: "auth-title" }, title),
    field("Email", email),
    mode === "register" ? field("Display name", display) : null,
    field("Password", password, mode === "register" ? "10 to 128 characters" : undefined),
    err,
    h("button", { type: "submit", class: "primary" }, title),
    h("p", {}, mode === "register" ? "Have an account? " : "New here? ",
      h("button", { type: "button", class: "link", onclick: other }, mode === "register" ? "Sign in" : "Create an account")),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearError(form, err);
    const submit = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    submit.disabled = true;
    try {
      if (mode === "register") {
        must(await api.POST("/api/auth/register", { body: { email: email.value, password: password.value, displayName: display.value } }));
      }
      const s = must(await api.POST("/api/auth/login", { body: { email: email.value, password: password.value } }));
      session.set(s.token);
      done();
    } catch (e) {
      showError(form, err, e);
    } finally {
      submit.disabled = false;
    }
  });
  return h("div", { class: "center" }, form);
}
