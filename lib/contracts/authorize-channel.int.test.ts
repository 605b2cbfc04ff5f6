// Who may join a contract's realtime channels, through real pusher-js subscriptions
// to our realtime server, signed by the portal's own channel rules.
import type PusherJs from "pusher-js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeContract, makeUser } from "../../tests/support/factories";
import { browserFor, connected, startTestRealtime, within } from "../../tests/support/messages";
import type { CurrentUser } from "../auth/current-user";
import { channels } from "../realtime/client/events";
import { assertMayJoin } from "./authorize-channel";

const realtime = await startTestRealtime();
const { prisma } = await setupTestDatabase();
afterAll(() => realtime.close());

const client = await makeUser(prisma, "CLIENT");
const freelancer = await makeUser(prisma, "FREELANCER");
const admin = await makeUser(prisma, "ADMIN");
const outsider = await makeUser(prisma, "CLIENT");
const contract = await makeContract(prisma, client, freelancer);

const open: PusherJs[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.disconnect();
});

/** Subscribes as `user` and says whether the realtime server let the subscription through. */
async function subscribes(user: CurrentUser, channel: string): Promise<boolean> {
  const browser = browserFor(realtime, user);
  open.push(browser);
  await connected(browser);
  return within(5000, `the subscription to ${channel} to settle`, (resolve) => {
    const ch = browser.subscribe(channel);
    ch.bind("pusher:subscription_succeeded", () => resolve(true));
    ch.bind("pusher:subscription_error", () => resolve(false));
  });
}

describe("contract channels", () => {
  it("let the client and the freelancer into the diary's private channel and the conversation's presence", async () => {
    for (const user of [client, freelancer]) {
      expect(await subscribes(user, channels.contract(contract.id))).toBe(true);
      expect(await subscribes(user, channels.conversation(contract.id))).toBe(true);
    }
  });

  it("keep admins out of the conversation's presence channel, and let them follow the Work Diary", async () => {
    expect(await subscribes(admin, channels.conversation(contract.id))).toBe(false);
    await expect(assertMayJoin(admin, channels.conversation(contract.id))).rejects.toMatchObject({ code: "forbidden" });
    expect(await subscribes(admin, channels.contract(contract.id))).toBe(true);
  });

  it("keep everyone else out of both", async () => {
    expect(await subscribes(outsider, channels.contract(contract.id))).toBe(false);
    expect(await subscribes(outsider, channels.conversation(contract.id))).toBe(false);
  });
});
