// Realtime server benchmark (prints, asserts nothing): npx tsx bench/realtime.bench.ts [connections=5000] [triggers=2000]
// (or npm run bench -- realtime --connections=5000 --triggers=2000)
// RSS with N subscribed connections against idle (target < 200 MB at 5,000), and trigger -> pusher-js
// latency p50/p99 against a raw ping/pong through the same server.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import Pusher from "pusher";
import PusherJs from "pusher-js";
import { WebSocket } from "ws";
import { within } from "../tests/support/realtime-clients";

// npm run bench passes on only the arguments that start with "-": there, --connections=N --triggers=N
const positional = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const named = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const CONNECTIONS = Number(named("connections") ?? positional[0] ?? 5000);
const TRIGGERS = Number(named("triggers") ?? positional[1] ?? 2000);
const OPEN_CONCURRENCY = 200;
const OVERALL_TIMEOUT_MS = 300_000;
const APP = { id: "bench", key: "bench-key", secret: "bench-secret" };

const child = spawn(process.execPath, ["--import", "tsx", "realtime/cli.ts"], {
  env: {
    ...process.env,
    REALTIME_PORT: "0",
    REALTIME_HOST: "127.0.0.1",
    PUSHER_APP_ID: APP.id,
    PUSHER_KEY: APP.key,
    PUSHER_SECRET: APP.secret,
    // Every bench socket comes from 127.0.0.1.
    REALTIME_MAX_CONNECTIONS_PER_ADDRESS: String(CONNECTIONS + 100),
    REALTIME_MAX_CONNECTIONS_PER_APP: String(CONNECTIONS + 100),
  },
  stdio: ["ignore", "pipe", "inherit"],
});
const killChild = () => {
  if (child.exitCode === null) child.kill("SIGKILL");
};
process.on("exit", killChild);
const deadline = setTimeout(() => {
  console.error(`bench: gave up after ${OVERALL_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
deadline.unref();

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match?.[1]) throw new Error("no VmRSS");
  return Number(match[1]) / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

const port = await within<number>(20_000, "the server to listen", (resolve, reject) => {
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    const match = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
    if (match?.[1]) resolve(Number(match[1]));
  });
  child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});
const pid = child.pid!;
const sdk = new Pusher({ appId: APP.id, key: APP.key, secret: APP.secret, host: "127.0.0.1", port: String(port), useTLS: false });
const wsUrl = `ws://127.0.0.1:${port}/app/${APP.key}?protocol=7&client=bench&version=1`;

/** Opens a raw socket, subscribes it to its own private channel, resolves when subscribed. */
function openSubscribed(channel: string): Promise<WebSocket> {
  return within<WebSocket>(30_000, `subscription to ${channel}`, (resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    ws.on("error", reject);
    ws.on("message", (raw) => {
      const message = JSON.parse(raw.toString()) as { event: string; data: string };
      if (message.event === "pusher:connection_established") {
        const socketId = (JSON.parse(message.data) as { socket_id: string }).socket_id;
        const auth = sdk.authorizeChannel(socketId, channel);
        ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth: auth.auth } }));
      } else if (message.event === "pusher_internal:subscription_succeeded") {
        ws.removeAllListeners("message");
        resolve(ws);
      } else if (message.event === "pusher:error" || message.event === "pusher:subscription_error") {
        reject(new Error(`${message.event}: ${JSON.stringify(message.data)}`));
      }
    });
  });
}

// Idle baseline: after one full connect/subscribe/trigger so lazily loaded
// code is in memory for both measurements.
{
  const warm = await openSubscribed("private-warmup");
  await sdk.trigger("private-warmup", "warm", {});
  warm.close();
}
const idle = rssMb(pid);

const sockets: WebSocket[] = [];
const openStart = performance.now();
for (let i = 0; i < CONNECTIONS; i += OPEN_CONCURRENCY) {
  const batch = [];
  for (let j = i; j < Math.min(CONNECTIONS, i + OPEN_CONCURRENCY); j++) batch.push(openSubscribed(`private-bench-${j}`));
  sockets.push(...(await Promise.all(batch)));
}
const openSeconds = (performance.now() - openStart) / 1000;
const channelsResponse = (await (await sdk.get({ path: "/channels", params: { filter_by_prefix: "private-bench-" } })).json()) as {
  channels: Record<string, unknown>;
};
const loaded = rssMb(pid);

// Latency: one pusher-js subscriber, sequential triggers.
const client = new PusherJs(APP.key, {
  cluster: "local",
  wsHost: "127.0.0.1",
  wsPort: port,
  wssPort: port,
  forceTLS: false,
  enabledTransports: ["ws", "wss"],
  disableStats: true,
  channelAuthorization: {
    customHandler: ({ socketId, channelName }, callback) => callback(null, sdk.authorizeChannel(socketId, channelName)),
  },
});
const channel = client.subscribe("private-latency");
await within(10_000, "pusher-js subscription", (resolve) => channel.bind("pusher:subscription_succeeded", resolve));

let onReceive: ((seq: number) => void) | undefined;
channel.bind("tick", (data: { seq: number }) => onReceive?.(data.seq));
const triggerToReceive: number[] = [];
const triggerAck: number[] = [];
for (let seq = 0; seq < TRIGGERS; seq++) {
  const start = performance.now();
  const received = within<void>(5000, `tick ${seq}`, (resolve) => {
    onReceive = (got) => got === seq && resolve();
  });
  const acked = sdk.trigger("private-latency", "tick", { seq }).then(() => triggerAck.push(performance.now() - start));
  await received;
  triggerToReceive.push(performance.now() - start);
  await acked;
}

// Floor: a WebSocket round trip through the same server (pusher:ping -> pusher:pong).
const floorSocket = sockets[0]!;
const roundTrips: number[] = [];
for (let i = 0; i < TRIGGERS; i++) {
  const start = performance.now();
  await within<void>(5000, "pong", (resolve) => {
    floorSocket.once("message", (raw) => {
      if (!raw.toString().includes("pusher:pong")) throw new Error(`expected a pong, got ${raw.toString()}`);
      resolve();
    });
    floorSocket.send('{"event":"pusher:ping","data":{}}');
  });
  roundTrips.push(performance.now() - start);
}
const afterLatency = rssMb(pid);
const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

const latency = summary(triggerToReceive);
const ack = summary(triggerAck);
const floor = summary(roundTrips);
const subscribedChannels = Object.keys(channelsResponse.channels).length;

console.log(`realtime bench (loopback, node ${process.version}, server pid ${pid})`);
console.log(`memory: ${CONNECTIONS} connections opened in ${openSeconds.toFixed(1)} s, ${subscribedChannels} private channels occupied`);
console.log(`  idle RSS        ${idle.toFixed(1)} MB`);
console.log(
  `  loaded RSS      ${loaded.toFixed(1)} MB  (delta ${(loaded - idle).toFixed(1)} MB, ` +
    `${(((loaded - idle) * 1024) / CONNECTIONS).toFixed(1)} KB/connection, ratio ${(loaded / idle).toFixed(2)}x idle)  target < 200 MB: ${loaded < 200 ? "met" : "NOT met"}`,
);
console.log(`  after latency   ${afterLatency.toFixed(1)} MB, peak (VmHWM) ${peak.toFixed(1)} MB`);
console.log(`latency over ${TRIGGERS} sequential triggers (pusher SDK -> server -> pusher-js), ${CONNECTIONS} other sockets open:`);
console.log(`  trigger->receive p50 ${fmt(latency.p50)}  p99 ${fmt(latency.p99)}  max ${fmt(latency.max)}`);
console.log(`  trigger HTTP ack p50 ${fmt(ack.p50)}  p99 ${fmt(ack.p99)}`);
console.log(`  floor ws ping->pong p50 ${fmt(floor.p50)}  p99 ${fmt(floor.p99)}`);
console.log(`  ratio trigger->receive / floor: p50 ${(latency.p50 / floor.p50).toFixed(1)}x  p99 ${(latency.p99 / floor.p99).toFixed(1)}x`);

client.disconnect();
for (const ws of sockets) ws.terminate();
child.kill("SIGTERM");
await within(5000, "the server to exit", (resolve) => (child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve))).catch(killChild);
process.exit(0);
