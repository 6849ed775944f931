import { defineConfig } from "vite";

// The build is committed (web/dist) and drift-checked, so it must be the
// same bytes on every rebuild: content hashes, no timestamps, no inline
// script or style (the page's CSP forbids them).
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    target: "es2022",
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
  },
});
