// How the tracker runs itself again (a detached `start`, the window's own tracker): the same program
// with other arguments, whichever way it was launched.
import * as sea from "node:sea";

export interface ProcessShape {
  execPath: string;
  execArgv: string[];
  argv: string[];
  isSea: boolean;
}

function current(): ProcessShape {
  // sea.isSea() exists from Node 20.12; an older Node is never a single executable of ours.
  return { execPath: process.execPath, execArgv: process.execArgv, argv: process.argv, isSea: typeof sea.isSea === "function" && sea.isSea() };
}

/**
 * The command line that runs this tracker with `args`:
 * - the single executable: the executable itself (it takes no script and no Node flags);
 * - the bundle (hourglass-tracker.cjs) or the source (tsx tracker/cli.ts, whose loader is in
 *   execArgv): Node with the same flags and the same script, which is argv[1].
 */
export function selfCommand(args: string[], shape: ProcessShape = current()): { command: string; args: string[] } {
  if (shape.isSea) return { command: shape.execPath, args };
  const script = shape.argv[1];
  if (!script) throw new Error("Cannot tell how this tracker was started (no script in process.argv).");
  return { command: shape.execPath, args: [...shape.execArgv, script, ...args] };
}

/** Whether a process's command line (/proc/<pid>/cmdline) is a tracker: the source, the bundle or the executable. */
export function isTrackerCommandLine(cmdline: string): boolean {
  return /tracker[/\\](cli|main)\.[cm]?[jt]s|hourglass-tracker/.test(cmdline);
}
