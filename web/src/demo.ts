// The demo dashboard shown to visitors who are not signed in: public data
// only (quotes, history, news), nothing stored.
import type { Tile } from "./widgets/types";


export const demoTiles: Tile[] = [
  { id: -1, title: "Markets", position: { x: 0, y: 0, w: 12, h: 2 }, refreshSeconds: 10,
    config: { kind: "market_overview", symbols: ["SPY", "QQQ", "BTC-USD", "ETH-USD", "GLD", "TLT"] } },
  { id: -2, title: "Big tech", position: { x: 0, y: 2, w: 5, h: 4 }, refreshSeconds: 10,
    config: { kind: "watchlist", symbols: ["AAPL", "MSFT", "NVDA", "GOOGL", "AMZN", "META", "TSLA"] } },
  { id: -3, title: "Bitcoin", position: { x: 5, y: 2, w: 7, h: 4 }, refreshSeconds: 10,
    config: { kind: "price_chart", symbol: "BTC-USD", interval: "1d", range: "6mo", chartType: "line" } },
  { id: -4, title: "Today's movers", position: { x: 0, y: 6, w: 5, h: 4 }, refreshSeconds: 10,
    config: { kind: "heatmap", symbols: ["AAPL", "MSFT", "NVDA", "GOOGL", "AMZN", "META", "TSLA", "AMD", "JPM", "XOM", "BTC-USD", "ETH-USD", "SOL-USD"], metric: "change_pct", groupBy: "none" } },
  { id: -5, title: "News", position: { x: 5, y: 6, w: 7, h: 4 }, refreshSeconds: 60,
    config: { kind: "news_feed", maxItems: 8 } },
];
