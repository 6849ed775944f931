// The grid rules of web/src/layout.ts (compiled by scripts/web-test.sh to
// LAYOUT_JS): moves and resizes stay inside the 12 columns, push the widgets
// in the way down and never leave two overlapping.
import assert from "node:assert/strict";
import { test } from "node:test";

const { step, moveTo, freeSpot, overlaps } = await import(process.env.LAYOUT_JS);

const grid = (...ps) => new Map(ps.map((p, i) => [i + 1, { ...p }]));
function noOverlap(ps) {
  const all = [...ps.values()];
  all.forEach((p, i) => all.slice(i + 1).forEach((q) => assert.ok(!overlaps(p, q), `${JSON.stringify(p)} overlaps ${JSON.stringify(q)}`)));
  all.forEach((p) => assert.ok(p.x >= 0 && p.x + p.w <= 12 && p.y >= 0, `${JSON.stringify(p)} leaves the grid`));
}

test("a move up into a neighbour swaps their rows", () => {
  const next = step(grid({ x: 0, y: 0, w: 12, h: 4 }, { x: 0, y: 4, w: 12, h: 4 }), 2, "up");
  assert.deepEqual(next.get(2), { x: 0, y: 0, w: 12, h: 4 });
  assert.deepEqual(next.get(1), { x: 0, y: 4, w: 12, h: 4 });
});

test("a move down past a neighbour swaps their rows", () => {
  const next = step(grid({ x: 0, y: 0, w: 12, h: 2 }, { x: 0, y: 2, w: 12, h: 4 }), 1, "down");
  assert.deepEqual(next.get(2), { x: 0, y: 0, w: 12, h: 4 });
  assert.deepEqual(next.get(1), { x: 0, y: 4, w: 12, h: 2 });
});

test("the grid's edges refuse a step", () => {
  const g = grid({ x: 0, y: 0, w: 12, h: 12 });
  for (const s of ["left", "right", "up", "wider", "taller"]) assert.equal(step(g, 1, s), null, s);
  assert.equal(step(grid({ x: 0, y: 0, w: 1, h: 1 }), 1, "narrower"), null);
});

test("widening pushes the neighbour down, never overlapping", () => {
  const next = step(grid({ x: 0, y: 0, w: 6, h: 4 }, { x: 6, y: 0, w: 6, h: 4 }, { x: 6, y: 4, w: 6, h: 2 }), 1, "wider");
  assert.equal(next.get(1).w, 7);
  noOverlap(next);
});

test("moveTo clamps into the grid and settles the rest", () => {
  const next = moveTo(grid({ x: 0, y: 0, w: 6, h: 4 }, { x: 6, y: 0, w: 6, h: 4 }), 1, 11, 0);
  assert.deepEqual(next.get(1), { x: 6, y: 0, w: 6, h: 4 });
  noOverlap(next);
});

test("freeSpot fills the first gap", () => {
  assert.deepEqual(freeSpot(grid({ x: 0, y: 0, w: 6, h: 4 }), 6, 4), { x: 6, y: 0, w: 6, h: 4 });
  assert.deepEqual(freeSpot(grid({ x: 0, y: 0, w: 12, h: 4 }), 6, 4), { x: 0, y: 4, w: 6, h: 4 });
});
