// Grid rules of the 12-column layout: moves and resizes that keep every
// widget inside the grid and push the ones in the way down, never overlap.
import type { GridPosition } from "./api";

export type Positions = Map<number, GridPosition>;
export type Step = "left" | "right" | "up" | "down" | "wider" | "narrower" | "taller" | "shorter";

export const cols = 12;
const maxY = 999;

export function overlaps(a: GridPosition, b: GridPosition): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** settle pushes every widget not in fixed down until none overlaps; null when the grid overflows. */
function settle(all: Positions, fixed: number[]): Positions | null {
  const placed = fixed.map((id) => all.get(id)!);
  const rest = [...all.entries()].filter(([id]) => !fixed.includes(id)).sort(([, a], [, b]) => a.y - b.y || a.x - b.x);
  for (const [, p] of rest) {
    for (let hit = placed.find((q) => overlaps(p, q)); hit; hit = placed.find((q) => overlaps(p, q))) {
      p.y = hit.y + hit.h;
      if (p.y > maxY) return null;
    }
    placed.push(p);
  }
  return all;
}

function copy(ps: Positions): Positions {
  return new Map([...ps].map(([id, p]) => [id, { ...p }]));
}

/** step applies one keyboard step to widget id; null when it cannot move that way. */
export function step(current: Positions, id: number, s: Step): Positions | null {
  const all = copy(current);
  const p = all.get(id);
  if (!p) return null;
  const old = { ...p };
  switch (s) {
    case "left": if (p.x === 0) return null; p.x -= 1; break;
    case "right": if (p.x + p.w >= cols) return null; p.x += 1; break;
    case "up": if (p.y === 0) return null; p.y -= 1; break;
    case "down": p.y += 1; break;
    case "wider": if (p.x + p.w >= cols) return null; p.w += 1; break;
    case "narrower": if (p.w <= 1) return null; p.w -= 1; break;
    case "taller": if (p.h >= 12) return null; p.h += 1; break;
    case "shorter": if (p.h <= 1) return null; p.h -= 1; break;
  }
  const fixed = [id];
  const blockers = [...all].filter(([o, q]) => o !== id && overlaps(p, q));
  if (s === "up" && blockers.length) {
    // Jump above the neighbour: the two swap rows.
    p.y = Math.min(...blockers.map(([, q]) => q.y));
  } else if (s === "down" && blockers.length) {
    for (const [o, q] of blockers) {
      q.y = old.y;
      fixed.push(o);
    }
    p.y = old.y + Math.max(...blockers.map(([, q]) => q.h));
    if (blockers.some(([, q]) => overlaps(q, p))) return null;
  }
  if (p.y > maxY) return null;
  return settle(all, fixed);
}

/** moveTo puts widget id at column x, row y (clamped to the grid), pushing the ones in the way down. */
export function moveTo(current: Positions, id: number, x: number, y: number): Positions | null {
  const all = copy(current);
  const p = all.get(id);
  if (!p) return null;
  p.x = Math.max(0, Math.min(cols - p.w, x));
  p.y = Math.max(0, Math.min(maxY, y));
  return settle(all, [id]);
}

/** freeSpot is the first place, row by row, where a w×h widget fits. */
export function freeSpot(current: Positions, w: number, h: number): GridPosition {
  const ps = [...current.values()];
  const bottom = Math.max(0, ...ps.map((p) => p.y + p.h));
  for (let y = 0; y <= bottom; y++) {
    for (let x = 0; x + w <= cols; x++) {
      const c = { x, y, w, h };
      if (!ps.some((p) => overlaps(c, p))) return c;
    }
  }
  return { x: 0, y: bottom, w, h };
}
