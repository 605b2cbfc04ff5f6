// Helpers for the messages integration tests:
// a real realtime server for this test file, pusher-js clients authorized by the
// app's own channel rules, and small files of each accepted kind.
import PusherJs from "pusher-js";
import sharp from "sharp";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createRealtimeServer, type RealtimeServer } from "../../realtime/server";
import { authorizeChannel } from "@/lib/contracts/authorize-channel";
import { within } from "./realtime-clients";

export { within };

/**
 * Starts our Pusher-protocol server on a free port and points this process's
 * publisher at it. Call before anything publishes (the SDK client is created lazily).
 */
export async function startTestRealtime(): Promise<RealtimeServer> {
  const app = { id: "test-app", key: "test-key", secret: "test-secret" };
  const server = await createRealtimeServer({ port: 0, apps: [app] });
  Object.assign(process.env, {
    PUSHER_APP_ID: app.id,
    PUSHER_KEY: app.key,
    PUSHER_SECRET: app.secret,
    REALTIME_HOST: "127.0.0.1",
    REALTIME_PORT: String(server.port),
  });
  delete process.env.PUSHER_CLUSTER;
  return server;
}

/** A pusher-js client acting as `user`, authorized by the portal's real channel rules. */
export function browserFor(server: RealtimeServer, user: CurrentUser): PusherJs {
  return new PusherJs("test-key", {
    cluster: "self-hosted",
    wsHost: "127.0.0.1",
    wsPort: server.port,
    wssPort: server.port,
    forceTLS: false,
    enabledTransports: ["ws", "wss"],
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        authorizeChannel(user, socketId, channelName).then(
          (auth) => callback(null, auth),
          (error: Error) => callback(error, null),
        );
      },
    },
  });
}

export function connected(client: PusherJs): Promise<string> {
  return within(5000, "pusher-js to connect", (resolve) => {
    if (client.connection.state === "connected") return resolve(client.connection.socket_id);
    client.connection.bind("connected", () => resolve(client.connection.socket_id));
  });
}

export async function jpegWithExif(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#3366cc" } })
    .jpeg()
    .withExif({ IFD0: { Copyright: "Secret location 51.5N 0.12W", Artist: "Someone" } })
    .toBuffer();
}

export async function png(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: "#ff8800" } }).png().toBuffer();
}

export const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");

let disputes = 0;

/**
 * A closed week's invoice on the contract and a dispute filed on it by its client, as the weekly
 * close and a filing leave them: what lets an admin read the contract's conversation (scope.ts).
 */
export async function disputeOn(prisma: PrismaClient, contract: { id: string; clientId: string }): Promise<string> {
  const n = disputes++;
  const invoice = await prisma.invoice.create({
    data: {
      referenceId: `INV-MSG-${contract.id.slice(0, 8)}-${n}`, contractId: contract.id, weekStart: new Date(Date.UTC(2024, 5, 3 - 7 * n)), billedMinutes: 60, overLimitMinutes: 0,
      hourlyRateCents: 2500, hourlyAmountCents: 2500, weeklyPaymentCents: 0, clientFeeCents: 75, serviceFeeCents: 250, totalChargedCents: 2575,
      hourlyClientFeeCents: 75, hourlyServiceFeeCents: 250, closedAt: new Date("2024-06-10T12:00:00Z"),
    },
  });
  const dispute = await prisma.dispute.create({
    data: {
      referenceId: `DSP-MSG-${contract.id.slice(0, 8)}-${n}`, contractId: contract.id, invoiceId: invoice.id, filedById: contract.clientId, reason: "Not my project",
      filedAt: new Date("2024-06-12T15:00:00Z"), respondBy: new Date("2024-06-15T15:00:00Z"), heldCents: 2500,
    },
  });
  return dispute.id;
}
