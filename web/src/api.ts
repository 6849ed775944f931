// The one API client: openapi-fetch over the types generated from
// openapi.yaml (gen/ts). Every request type comes from there.
import createClient from "openapi-fetch";
import type { components, paths } from "../../gen/ts/schema";

export type Schemas = components["schemas"];
export type Quote = Schemas["Quote"];
export type Widget = Schemas["Widget"];
export type WidgetConfig = Schemas["WidgetConfig"];
export type WidgetKind = Schemas["WidgetKind"];
export type GridPosition = Schemas["GridPosition"];
export type Dashboard = Schemas["Dashboard"];
export type DashboardDetail = Schemas["DashboardDetail"];
export type Problem = Schemas["Problem"];
export type User = Schemas["User"];

const tokenKey = "marketpulse.token";

/** session holds the bearer token of the signed-in user. */
export const session = {
  get token(): string | null {
    return localStorage.getItem(tokenKey);
  },
  set(token: string): void {
    localStorage.setItem(tokenKey, token);
  },
  clear(): void {
    localStorage.removeItem(tokenKey);
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });

api.use({
  onRequest({ request }) {
    const t = session.token;
    if (t && !request.headers.has("Authorization")) request.headers.set("Authorization", `Bearer ${t}`);
    return request;
  },
});

/** fieldName turns a JSON pointer such as /body/position/w into "position.w". */
function fieldName(pointer: string): string {
  return pointer.replace(/^\/(body|query|path|header)\/?/, "").split("/").join(".") || pointer;
}

/** ApiError is a failed call with its problem document, if it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem> | undefined,
  ) {
    super(problemText(status, problem));
  }
  get code(): string | undefined {
    return this.problem?.code;
  }
}

/** problemText is a readable message for a problem document, naming each field that failed. */
export function problemText(status: number, p: Partial<Problem> | undefined): string {
  if (!p || typeof p !== "object") return `The server answered ${status}.`;
  const head = p.detail || p.title || `The server answered ${status}.`;
  const fields = (p.errors ?? []).map((e) => `${fieldName(e.pointer)}: ${e.message}`);
  return fields.length ? `${head} (${fields.join("; ")})` : head;
}

/** must returns data of an openapi-fetch result or throws its ApiError. */
export function must<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || r.data === undefined) {
    throw new ApiError(r.response.status, r.error as Partial<Problem> | undefined);
  }
  return r.data;
}

/** etagOf is the response's ETag (the version for If-Match). */
export function etagOf(r: { response: Response }): string {
  return r.response.headers.get("ETag") ?? "";
}

/** quotes reads the latest quotes of symbols (a comma-separated list on the wire). */
export async function quotes(symbols: string[]): Promise<Quote[]> {
  if (symbols.length === 0) return [];
  const out: Quote[] = [];
  for (let i = 0; i < symbols.length; i += 50) {
    const r = await api.GET("/api/quotes", {
      params: { query: { symbols: symbols.slice(i, i + 50) } },
      querySerializer: { array: { style: "form", explode: false } },
    });
    out.push(...must(r).quotes);
  }
  return out;
}
