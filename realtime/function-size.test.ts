// Issue 14: createRealtimeServer was a 217-line function. The server is put
// together from short named parts; this keeps any one function in realtime/
// from growing back into the whole server.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const here = path.dirname(new URL(import.meta.url).pathname);
const sources = readdirSync(here).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

// Choice: 64 lines, the size of rest.ts's router (one switch over the REST
// API's routes), the longest function left; createRealtimeServer itself stays under 30.
const MAX_LINES = 64;
const MAX_SERVER_LINES = 30;

/** Every function, arrow and method in a file with its length in lines. */
function functionLengths(file: string): { name: string; lines: number }[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(here, file), "utf8"), ts.ScriptTarget.Latest, true);
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : "(anonymous)";
      found.push({ name: `${file}:${first + 1} ${name}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("realtime/ function sizes", () => {
  it.each(sources)(`%s has no function over ${MAX_LINES} lines`, (file) => {
    expect(functionLengths(file).filter((f) => f.lines > MAX_LINES)).toEqual([]);
  });

  it(`createRealtimeServer is at most ${MAX_SERVER_LINES} lines`, () => {
    const server = functionLengths("server.ts").find((f) => f.name.endsWith(" createRealtimeServer"));
    expect(server?.lines).toBeLessThanOrEqual(MAX_SERVER_LINES);
  });
});
