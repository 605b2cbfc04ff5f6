// An admin reviewing a dispute reads the contract's conversation, read-only, on a real PostgreSQL:
// only through a dispute, never as a party, and reading it changes nothing.
import { afterAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeContract, makeUser } from "../../tests/support/factories";
import type { CurrentUser } from "../auth/current-user";
import { getConversation } from "./get-conversation";
import { getDisputeConversation } from "./get-dispute-conversation";
import { listConversations } from "./list-conversations";
import { listMessages } from "./list-messages";
import { markConversationRead } from "./mark-read";
import { sendMessage } from "./send-message";
import { disputeOn, startTestRealtime } from "../../tests/support/messages";

const realtime = await startTestRealtime();
const { prisma } = await setupTestDatabase();
afterAll(() => realtime.close());
const at = new Date("2024-06-12T15:00:00Z");
let seq = 0;

async function world() {
  const client = await makeUser(prisma, "CLIENT", { name: "Cleo Client" });
  const freelancer = await makeUser(prisma, "FREELANCER", { name: "Fred Freelancer" });
  const admin = await makeUser(prisma, "ADMIN");
  const disputed = await makeContract(prisma, client, freelancer, { title: "Disputed" });
  const quiet = await makeContract(prisma, client, freelancer, { title: "Quiet" });
  const conversation = await prisma.conversation.create({ data: { contractId: disputed.id } });
  const quietConversation = await prisma.conversation.create({ data: { contractId: quiet.id } });
  const disputeId = await disputeOn(prisma, disputed);
  return { client, freelancer, admin, conversation, quietConversation, disputeId };
}

/** Each message a second after the one before, so "newest first" is well defined. */
const say = (user: CurrentUser, conversationId: string, body: string) => {
  const n = seq++;
  return sendMessage(user, { conversationId, body, clientId: `dispute-conversation-${n}`, files: [] }, { now: new Date(at.getTime() + n * 1000) });
};

describe("getDisputeConversation (an admin's dispute review)", () => {
  it("gives an admin the disputed contract's conversation and its newest messages, without touching read state", async () => {
    const w = await world();
    await say(w.client, w.conversation.id, "These hours were for another client");
    await say(w.freelancer, w.conversation.id, "No, they were the import job");
    const readsBefore = await prisma.conversationRead.findMany({ where: { conversationId: w.conversation.id }, orderBy: { userId: "asc" } });

    const { conversation, firstPage } = await getDisputeConversation(w.admin, w.disputeId);
    expect(conversation.id).toBe(w.conversation.id);
    expect(conversation.me).toBeNull();
    expect(conversation.client.name).toBe("Cleo Client");
    expect(firstPage.messages.map((m) => m.body)).toEqual(["No, they were the import job", "These hours were for another client"]);

    expect(await prisma.conversationRead.findMany({ where: { conversationId: w.conversation.id }, orderBy: { userId: "asc" } })).toEqual(readsBefore);
    // Read-only: the admin can neither post nor keep read state there.
    await expect(say(w.admin, w.conversation.id, "Admin here")).rejects.toMatchObject({ status: 404 });
    await expect(markConversationRead(w.admin, w.conversation.id)).rejects.toMatchObject({ status: 404 });
    expect(await prisma.message.count({ where: { conversationId: w.conversation.id } })).toBe(2);
  });

  it("refuses the parties and anyone else (they read it in Messages), and a dispute that does not exist", async () => {
    const w = await world();
    const outsider = await makeUser(prisma, "CLIENT");
    for (const user of [w.client, w.freelancer, outsider]) await expect(getDisputeConversation(user, w.disputeId)).rejects.toMatchObject({ status: 404 });
    for (const id of ["00000000-0000-4000-8000-000000000000", "nope"]) await expect(getDisputeConversation(w.admin, id)).rejects.toMatchObject({ status: 404 });
    // The parties still read their own conversation as before.
    await expect(getConversation(w.client, w.conversation.id)).resolves.toMatchObject({ id: w.conversation.id });
  });

  it("holds an admin to conversations of contracts with a dispute, everywhere they read", async () => {
    const w = await world();
    await say(w.client, w.quietConversation.id, "Nothing to see");
    await expect(getConversation(w.admin, w.quietConversation.id)).rejects.toMatchObject({ status: 404 });
    await expect(listMessages(w.admin, w.quietConversation.id)).rejects.toMatchObject({ status: 404 });
    const listed = (await listConversations(w.admin)).map((c) => c.id);
    expect(listed).toContain(w.conversation.id);
    expect(listed).not.toContain(w.quietConversation.id);
    await expect(getConversation(w.freelancer, w.quietConversation.id)).resolves.toMatchObject({ id: w.quietConversation.id });
  });
});
