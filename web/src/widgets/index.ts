// The widget views by kind.
import { priceChart } from "./chart";
import { heatmap } from "./heatmap";
import { newsFeed } from "./news";
import { overview } from "./overview";
import type { Ctx, Tile, View } from "./types";
import { watchlist } from "./watchlist";

export function view(t: Tile, ctx: Ctx): View {
  const c = t.config;
  switch (c.kind) {
    case "watchlist":
      return watchlist(c, t.title);
    case "price_chart":
      return priceChart(c, t.title, ctx);
    case "news_feed":
      return newsFeed(c, t.title);
    case "market_overview":
      return overview(c);
    case "heatmap":
      return heatmap(c);
  }
}

export const kindLabels: Record<string, string> = {
  watchlist: "Watchlist",
  price_chart: "Price chart",
  news_feed: "News feed",
  market_overview: "Market overview",
  heatmap: "Heatmap",
};
