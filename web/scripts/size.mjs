// Prints the gzipped size of the built JavaScript and fails above the
// budget (150 KiB), so the page stays small.
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const budget = 150 * 1024;
const dir = new URL("../dist/assets/", import.meta.url);
let total = 0;
for (const name of readdirSync(dir).filter((n) => n.endsWith(".js")).sort()) {
  const gz = gzipSync(readFileSync(new URL(name, dir)), { level: 9 }).length;
  total += gz;
  console.log(`  ${name}: ${(gz / 1024).toFixed(1)} KiB gzipped`);
}
console.log(`web/dist JavaScript: ${(total / 1024).toFixed(1)} KiB gzipped (budget ${budget / 1024} KiB)`);
if (total > budget) {
  console.error("web/dist JavaScript is over its budget");
  process.exit(1);
}
