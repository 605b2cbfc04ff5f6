// npx hourglass-verify [--keys <file|url>] [--json] <bundle.zip>: checks a proof bundle offline (R15.4).
// Exit 0 sealed and every check passes, 1 a problem found (each named with its slot), 2 the bundle
// cannot be read, 3 intact but not sealed yet.
// Choice: the only file of verifier/src that uses Node (to read the file and set the exit code);
// everything it checks with is the isomorphic code the browser runs too.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { exitCode, formatReport, type Report } from "./report";
import type { PortalKey } from "./seal";
import { verifyZip } from "./verify";

const USAGE = "usage: hourglass-verify [--keys <hourglass-keys.json file or URL>] [--json] <proof-bundle.zip>";

async function trustedKeys(source: string): Promise<PortalKey[]> {
  const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : await readFile(source, "utf8");
  const parsed = JSON.parse(text) as { keys?: PortalKey[] };
  if (!Array.isArray(parsed.keys)) throw new Error(`${source} holds no "keys" list`);
  return parsed.keys;
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { keys: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...rest] = args.positionals;
  if (!file || rest.length) {
    console.error(USAGE);
    return 2;
  }
  let bytes: Uint8Array;
  let trustedPortalKeys: PortalKey[] | undefined;
  try {
    bytes = new Uint8Array(await readFile(file));
    if (args.values.keys) trustedPortalKeys = await trustedKeys(args.values.keys);
  } catch (error) {
    console.error(`hourglass-verify: ${(error as Error).message}`);
    return 2;
  }
  let report: Report;
  try {
    report = await verifyZip(bytes, { trustedPortalKeys });
  } catch (error) {
    // verifyZip answers every bad bundle with a report; reaching here is a bug, still never a stack trace
    console.error(`hourglass-verify: could not check ${file}: ${(error as Error).message}`);
    return 2;
  }
  console.log(args.values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return exitCode(report);
}

process.exitCode = await main(process.argv.slice(2));
