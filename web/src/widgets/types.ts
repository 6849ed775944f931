import type { GridPosition, WidgetConfig } from "../api";

/** Tile is what a widget view needs of a widget: stored or of the demo. */
export interface Tile {
  id: number;
  title: string;
  position: GridPosition;
  config: WidgetConfig;
  refreshSeconds: number;
}

/** View is a widget's rendered body. */
export interface View {
  body: HTMLElement;
  destroy(): void;
}

/** Ctx lets a view change its widget's stored config (absent for the demo). */
export interface Ctx {
  saveConfig?(config: WidgetConfig): Promise<void>;
}

/** symbolsOf lists the symbols whose quotes a widget shows. */
export function symbolsOf(c: WidgetConfig): string[] {
  switch (c.kind) {
    case "price_chart":
      return [c.symbol];
    case "news_feed":
      return [];
    default:
      return c.symbols;
  }
}
