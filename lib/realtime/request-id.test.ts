// A request's id follows it into the realtime events it publishes: notify() sends it in the signed
// trigger body (the `pusher` SDK sends no custom header) and our realtime server logs it with the event.
import { afterAll, describe, expect, it } from "vitest";
import { createRealtimeServer } from "../../realtime/server";
import { APP } from "../../tests/support/realtime-clients";
import { runWithRequestContext } from "@/lib/observability/request-context";
import { flushSegmentChanges, notify } from "./notify";

const logged: Array<Record<string, unknown>> = [];
const server = await createRealtimeServer({ port: 0, apps: [APP], log: (message, fields) => void logged.push({ message, ...fields }) });
Object.assign(process.env, { PUSHER_APP_ID: APP.id, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, REALTIME_HOST: "127.0.0.1", REALTIME_PORT: String(server.port) });
delete process.env.PUSHER_CLUSTER;
afterAll(() => server.close());

const contract = "2d9b6d1c-3c59-4b7e-9a51-9c1b1f3e2a12";

describe("the request id in realtime events", () => {
  it("reaches the realtime server's log, for a direct trigger and for a batched segment change", async () => {
    await runWithRequestContext({ requestId: "req-direct-0001" }, () => notify({ event: "payment-available", userId: contract }));
    await runWithRequestContext({ requestId: "req-batched-0002" }, () => notify({ event: "segment-changed", data: { contractId: contract, segmentId: "s", change: "created" } }));
    await flushSegmentChanges();
    const published = logged.filter((l) => l.message === "realtime: published");
    expect(published).toEqual([
      { message: "realtime: published", event: "payment-available", channels: 1, requestId: "req-direct-0001" },
      { message: "realtime: published", event: "segment-changed", channels: 1, requestId: "req-batched-0002" },
    ]);
  });

  it("is left out when nothing names a request (a job's own events)", async () => {
    logged.length = 0;
    await notify({ event: "payment-available", userId: contract });
    expect(logged.filter((l) => l.message === "realtime: published")).toEqual([{ message: "realtime: published", event: "payment-available", channels: 1 }]);
  });
});
