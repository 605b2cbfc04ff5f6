// Test helpers: run the real launchers and processes as a shell would, and see how they end.
import { spawn } from "node:child_process";

/** The shell's environment without anything that picks a mode, a clock, a database or credentials. */
export function bareEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === "NODE_ENV" || /^(HOURGLASS_|PUSHER_|REALTIME_|VITEST|AUTH_SECRET|DATABASE_URL)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: "1" };
}

export interface Exit {
  code: number | null;
  out: string;
}

/** `tsx <args>`, stdout and stderr together; stopped with SIGTERM once `untilOutput` appears. */
export function runTsx(args: string[], env: Record<string, string>, untilOutput?: RegExp): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn("node_modules/.bin/tsx", args, { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const collect = (c: Buffer) => {
      out += c.toString();
      if (untilOutput?.test(out)) child.kill("SIGTERM");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const STRONG = "k3Jx9Qw2Lr8Tz5Vb7Nm1Pd4Hs6Gf0Ya2Ue";
/** A production environment's secrets that pass every check. */
export const SAFE_SECRETS = { AUTH_SECRET: STRONG, PUSHER_APP_ID: "portal", PUSHER_KEY: "portal-key-1", PUSHER_SECRET: `${STRONG}rt`, SMTP_URL: "smtp://127.0.0.1:2525", MAIL_FROM: "Hourglass <billing@portal.example.com>" };
