// The page: the demo dashboard for visitors, sign-in and registration, and
// the signed-in user's dashboards.
import "./style.css";
import { api, session } from "./api";
import { authForm } from "./auth";
import { Board } from "./board";
import { Dashboards } from "./dashboards";
import { demoTiles } from "./demo";
import { h, replace, toast } from "./dom";

const main = document.getElementById("main")!;
const account = document.getElementById("account")!;
let current: { destroy(): void } | null = null;

function show(el: HTMLElement, view: { destroy(): void } | null): void {
  current?.destroy();
  current = view;
  main.replaceChildren(el);
}

/** paint marks (Performance API) the next frame: mp:dashboard when the dashboard's widgets are on screen, mp:quotes once their quotes are. */
function paint(name: string): void {
  requestAnimationFrame(() => performance.mark(name));
}

function demo(): void {
  replace(account,
    h("button", { type: "button", class: "secondary", onclick: () => signIn("signin") }, "Sign in"),
    h("button", { type: "button", class: "primary", onclick: () => signIn("register") }, "Create account"));
  const b = new Board(demoTiles, "Demo dashboard", null);
  show(b.el, b);
  document.title = "Market Pulse";
  if (location.pathname !== "/") history.replaceState(null, "", "/");
  paint("mp:dashboard");
  void b.ready.then(() => paint("mp:quotes"));
}

function signIn(mode: "signin" | "register"): void {
  replace(account, h("button", { type: "button", class: "secondary", onclick: demo }, "Back to the demo"));
  show(authForm(mode, () => void signedIn(), () => signIn(mode === "signin" ? "register" : "signin")), null);
  main.querySelector<HTMLInputElement>("input")?.focus();
}

async function signOut(): Promise<void> {
  await api.POST("/api/auth/logout");
  session.clear();
  toast("Signed out");
  signIn("signin");
}

async function signedIn(): Promise<void> {
  const me = await api.GET("/api/users/me");
  if (!me.data) {
    session.clear();
    demo();
    return;
  }
  replace(account, h("span", { class: "who" }, me.data.displayName), h("button", { type: "button", class: "secondary", onclick: () => void signOut() }, "Sign out"));
  const d = new Dashboards();
  show(d.el, d);
  const m = /^\/dashboards\/(\d+)$/.exec(location.pathname);
  try {
    await d.start(m ? Number(m[1]) : undefined);
    paint("mp:dashboard");
  } catch (e) {
    toast((e as Error).message);
  }
}

window.addEventListener("popstate", () => {
  if (session.token) void signedIn();
});

if (session.token) void signedIn();
else demo();
