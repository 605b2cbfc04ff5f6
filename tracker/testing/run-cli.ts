// The tracker CLI's main() run in the test's own process, its config folder in `home`: what it printed and its exit code.
import { vi } from "vitest";

export async function runCli(home: string, ...argv: string[]): Promise<{ code: number; stdout: string }> {
  const saved = process.env.XDG_CONFIG_HOME;
  process.env.XDG_CONFIG_HOME = home;
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    vi.resetModules(); // tracker/cli.ts reads its config folder when it loads
    const { main } = await import("../cli");
    return { code: await main(argv), stdout: lines.join("") };
  } finally {
    process.stdout.write = write;
    process.env.XDG_CONFIG_HOME = saved;
  }
}
