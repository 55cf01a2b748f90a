// Parses Mermaid files with the real `mermaid` package under jsdom: `mermaid.parse` throws on
// any syntax error. Usage: node mermaid-parse.mjs FILE...; NODE_PATH-style resolution through
// the directory in DIPLOGRAPH_NODE_MODULES (set by .ci/run).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.DIPLOGRAPH_NODE_MODULES;
if (!modules) {
  console.error("DIPLOGRAPH_NODE_MODULES is not set");
  process.exit(2);
}
const require = createRequire(join(modules, "package.json"));
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const key of ["Element", "HTMLElement", "Node", "DOMParser", "XMLSerializer", "getComputedStyle"]) {
  if (globalThis[key] === undefined) globalThis[key] = dom.window[key];
}
const mermaidPath = require.resolve("mermaid/dist/mermaid.core.mjs");
const mermaid = (await import(pathToFileURL(mermaidPath).href)).default;
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  try {
    const result = await mermaid.parse(text);
    if (!result || result.diagramType !== "flowchart-v2") {
      throw new Error(`parsed as ${result && result.diagramType}, not a flowchart`);
    }
    console.log(`${file}: ok`);
  } catch (e) {
    failed += 1;
    console.error(`${file}: ${e && e.message ? e.message : e}`);
  }
}
process.exit(failed ? 1 : 0);
