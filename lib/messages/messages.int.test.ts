import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeContract, makeUser } from "../../tests/support/factories";
import type { CurrentUser } from "../auth/current-user";
import { channels, REALTIME_EVENTS, type MessageCreatedEvent } from "../realtime/client/events";
import { blobStore } from "../storage";
import { MESSAGE_LIMITS } from "../validation/messages";
import { getAttachment } from "./get-attachment";
import { getConversation } from "./get-conversation";
import { countUnread, listConversations } from "./list-conversations";
import { getMessage, listMessages } from "./list-messages";
import { markConversationRead } from "./mark-read";
import { sendMessage } from "./send-message";
import { thumbKeyFor } from "./prepare-attachment";
import { browserFor, connected, disputeOn, jpegWithExif, PDF, png, startTestRealtime, within } from "../../tests/support/messages";

const realtime = await startTestRealtime();
const { prisma } = await setupTestDatabase();
afterAll(() => realtime.close());

const at = new Date("2024-06-12T15:00:00Z");
let seq = 0;
const cid = () => `test-${Date.now().toString(36)}-${(seq++).toString().padStart(4, "0")}`;

async function world() {
  const client = await makeUser(prisma, "CLIENT", { name: "Cleo Client" });
  const freelancer = await makeUser(prisma, "FREELANCER", { name: "Fred Freelancer" });
  const outsider = await makeUser(prisma, "FREELANCER", { name: "Otto Outsider" });
  const admin = await makeUser(prisma, "ADMIN");
  const contract = await makeContract(prisma, client, freelancer, { title: "Website" });
  const conversation = await prisma.conversation.create({ data: { contractId: contract.id } });
  await disputeOn(prisma, contract); // admins read only the conversations of disputed contracts
  const otherClient = await makeUser(prisma, "CLIENT");
  const otherContract = await makeContract(prisma, otherClient, outsider, { title: "Elsewhere" });
  const otherConversation = await prisma.conversation.create({ data: { contractId: otherContract.id } });
  return { client, freelancer, outsider, admin, contract, conversation, otherConversation, otherClient };
}

const send = (user: CurrentUser, conversationId: string, body: string, extra: { files?: Array<{ name: string; bytes: Buffer }>; clientId?: string; now?: Date } = {}) =>
  sendMessage(user, { conversationId, body, clientId: extra.clientId ?? cid(), files: extra.files ?? [] }, { now: extra.now ?? at });

describe("sending", () => {
  it("stores the message, stamps it after the newest one, and marks the sender's read state", async () => {
    const w = await world();
    const first = await send(w.client, w.conversation.id, "Hello");
    const second = await send(w.freelancer, w.conversation.id, "Hi!", { now: at }); // same instant
    expect(first.created).toBe(true);
    expect(new Date(second.message.createdAt).getTime()).toBeGreaterThan(new Date(first.message.createdAt).getTime());
    const reads = await prisma.conversationRead.findMany({ where: { conversationId: w.conversation.id }, orderBy: { lastReadAt: "asc" } });
    expect(reads.map((r) => [r.userId, r.lastReadAt.toISOString()])).toEqual([
      [w.client.id, first.message.createdAt],
      [w.freelancer.id, second.message.createdAt],
    ]);
  });

  it("is idempotent per clientId: a retry returns the stored message, and concurrent retries store one", async () => {
    const w = await world();
    const clientId = cid();
    const results = await Promise.all(Array.from({ length: 6 }, () => send(w.client, w.conversation.id, "Once", { clientId })));
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const again = await send(w.client, w.conversation.id, "Once", { clientId });
    expect(again).toMatchObject({ created: false, message: { id: results[0]?.message.id } });
    expect(await prisma.message.count({ where: { conversationId: w.conversation.id } })).toBe(1);
  });

  it("refuses a clientId already used in another conversation with 409", async () => {
    const w = await world();
    const contract2 = await makeContract(prisma, w.client, w.freelancer, { title: "Second" });
    const conversation2 = await prisma.conversation.create({ data: { contractId: contract2.id } });
    const clientId = cid();
    await send(w.client, w.conversation.id, "One", { clientId });
    await expect(send(w.client, conversation2.id, "Two", { clientId })).rejects.toMatchObject({ status: 409 });
  });

  it("is 404 for an outsider, an admin (observer) and a made-up id, and stores nothing", async () => {
    const w = await world();
    await expect(send(w.outsider, w.conversation.id, "Let me in")).rejects.toMatchObject({ status: 404 });
    await expect(send(w.admin, w.conversation.id, "Admin here")).rejects.toMatchObject({ status: 404 });
    await expect(send(w.client, "not-a-uuid", "x")).rejects.toMatchObject({ status: 404 });
    await expect(send(w.client, w.otherConversation.id, "x")).rejects.toMatchObject({ status: 404 });
    expect(await prisma.message.count({ where: { conversationId: { in: [w.conversation.id, w.otherConversation.id] } } })).toBe(0);
  });

  it("needs a body or an attachment, and at most the attachment limit", async () => {
    const w = await world();
    await expect(send(w.client, w.conversation.id, "")).rejects.toMatchObject({ status: 422, details: { fields: { body: expect.any(String) } } });
    const files = Array.from({ length: MESSAGE_LIMITS.attachmentsPerMessage + 1 }, (_, i) => ({ name: `n${i}.txt`, bytes: Buffer.from("note") }));
    await expect(send(w.client, w.conversation.id, "many", { files })).rejects.toMatchObject({ status: 422, details: { fields: { attachments: expect.any(String) } } });
  });
});

describe("attachments", () => {
  it("re-encodes images like screenshots (JPEG, no EXIF, a thumbnail) and keeps PDFs and text as sent", async () => {
    const w = await world();
    const { message } = await send(w.client, w.conversation.id, "Files", {
      files: [
        { name: "holiday.jpg", bytes: await jpegWithExif() },
        { name: "Screenshot 2024-06-12.png", bytes: await png() },
        { name: "invoice.pdf", bytes: PDF },
        { name: "notes.txt", bytes: Buffer.from("line 1\nline 2\n") },
      ],
    });
    expect(message.attachments.map((a) => [a.fileName, a.mime, a.isImage])).toEqual([
      ["holiday.jpg", "image/jpeg", true],
      ["Screenshot 2024-06-12.jpg", "image/jpeg", true],
      ["invoice.pdf", "application/pdf", false],
      ["notes.txt", "text/plain; charset=utf-8", false],
    ]);
    const [photo, screenshot, pdf, text] = message.attachments;
    const full = await getAttachment(w.freelancer, message.id, photo!.id, "full");
    const meta = await sharp(full.bytes).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 64, height: 48 });
    expect(meta.exif).toBeUndefined();
    expect(full.bytes.toString("latin1")).not.toContain("Secret location");
    expect((await sharp((await getAttachment(w.freelancer, message.id, screenshot!.id, "thumb")).bytes).metadata()).format).toBe("webp");
    expect((await getAttachment(w.freelancer, message.id, pdf!.id, "full")).bytes.equals(PDF)).toBe(true);
    expect((await getAttachment(w.client, message.id, text!.id, "full")).bytes.toString()).toBe("line 1\nline 2\n");
    await expect(getAttachment(w.client, message.id, pdf!.id, "thumb")).rejects.toMatchObject({ status: 404 });
  });

  it.each([
    ["an executable (by content, whatever its name)", "photo.png", Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), 415],
    ["a ZIP", "report.docx", Buffer.from("PK\x03\x04\x14\x00", "latin1"), 415],
    ["an empty file", "empty.txt", Buffer.alloc(0), 422],
    ["a broken PNG", "broken.png", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("garbage")]), 422],
    ["a file over 10 MB", "big.txt", Buffer.alloc(MESSAGE_LIMITS.attachmentMaxBytes + 1, 0x61), 413],
  ])("refuses %s and stores nothing of the message", async (_label, name, bytes, status) => {
    const w = await world();
    const good = { name: "ok.pdf", bytes: PDF };
    await expect(send(w.client, w.conversation.id, "With a bad file", { files: [good, { name, bytes }] })).rejects.toMatchObject({ status });
    expect(await prisma.message.count({ where: { conversationId: w.conversation.id } })).toBe(0);
  });

  it("refuses images above the pixel limit with 413", async () => {
    const w = await world();
    const huge = await sharp({ create: { width: 8000, height: 5001, channels: 3, background: "#000" } }).png({ compressionLevel: 1 }).toBuffer();
    await expect(send(w.client, w.conversation.id, "", { files: [{ name: "huge.png", bytes: huge }] })).rejects.toMatchObject({ status: 413 });
  });

  it("serves an attachment only to those who may read the conversation", async () => {
    const w = await world();
    const { message } = await send(w.client, w.conversation.id, "", { files: [{ name: "a.txt", bytes: Buffer.from("secret") }] });
    const id = message.attachments[0]!.id;
    await expect(getAttachment(w.freelancer, message.id, id, "full")).resolves.toMatchObject({ fileName: "a.txt" });
    await expect(getAttachment(w.admin, message.id, id, "full")).resolves.toMatchObject({ fileName: "a.txt" });
    await expect(getAttachment(w.outsider, message.id, id, "full")).rejects.toMatchObject({ status: 404 });
    await expect(getAttachment(w.otherClient, message.id, id, "full")).rejects.toMatchObject({ status: 404 });
    // the right attachment id under another message id is not found either
    const other = await send(w.client, w.conversation.id, "other");
    await expect(getAttachment(w.client, other.message.id, id, "full")).rejects.toMatchObject({ status: 404 });
  });

  it("keeps an image's thumbnail next to it in storage", async () => {
    const w = await world();
    const { message } = await send(w.client, w.conversation.id, "", { files: [{ name: "p.png", bytes: await png() }] });
    const row = await prisma.attachment.findFirstOrThrow({ where: { messageId: message.id } });
    expect(await blobStore().get(thumbKeyFor(row.storageKey))).not.toBeNull();
  });
});

describe("history, unread counts and read state", () => {
  it("pages newest first by keyset, without gaps or repeats while new messages arrive", async () => {
    const w = await world();
    for (let i = 0; i < 65; i++) await send(i % 2 ? w.freelancer : w.client, w.conversation.id, `m${i}`);
    const first = await listMessages(w.client, w.conversation.id, { limit: 30 });
    expect(first.messages.map((m) => m.body).slice(0, 2)).toEqual(["m64", "m63"]);
    await send(w.client, w.conversation.id, "arrived meanwhile");
    const second = await listMessages(w.client, w.conversation.id, { limit: 30, cursor: first.nextCursor! });
    const third = await listMessages(w.client, w.conversation.id, { limit: 30, cursor: second.nextCursor! });
    expect(third.nextCursor).toBeNull();
    const bodies = [...first.messages, ...second.messages, ...third.messages].map((m) => m.body);
    expect(bodies).toEqual(Array.from({ length: 65 }, (_, i) => `m${64 - i}`));
    await expect(listMessages(w.client, w.conversation.id, { cursor: "forged" })).rejects.toMatchObject({ status: 422, message: "This page link is not valid; open the conversation again." });
    await expect(listMessages(w.outsider, w.conversation.id)).rejects.toMatchObject({ status: 404 });
    await expect(listMessages(w.admin, w.conversation.id, { limit: 1 })).resolves.toMatchObject({ messages: [{ body: "arrived meanwhile" }] });
  });

  it("counts unread per conversation and in total, and read state only moves forward", async () => {
    const w = await world();
    const contract2 = await makeContract(prisma, w.client, w.freelancer, { title: "Second" });
    const conversation2 = await prisma.conversation.create({ data: { contractId: contract2.id } });
    const m1 = await send(w.freelancer, w.conversation.id, "one");
    await send(w.freelancer, w.conversation.id, "two");
    await send(w.freelancer, conversation2.id, "elsewhere", { now: new Date(at.getTime() + 60_000) });
    expect(await countUnread(w.client)).toBe(3);
    expect(await countUnread(w.freelancer)).toBe(0);
    const list = await listConversations(w.client);
    expect(list.map((c) => [c.contractTitle, c.unread, c.lastMessage?.body])).toEqual([
      ["Second", 1, "elsewhere"],
      ["Website", 2, "two"],
    ]);
    expect(list[1]?.other).toEqual({ id: w.freelancer.id, name: "Fred Freelancer", role: "FREELANCER" });

    await markConversationRead(w.client, w.conversation.id, { upToMessageId: m1.message.id });
    expect(await countUnread(w.client)).toBe(2);
    const all = await markConversationRead(w.client, w.conversation.id);
    expect(all.changed).toBe(true);
    expect(await countUnread(w.client)).toBe(1);
    const back = await markConversationRead(w.client, w.conversation.id, { upToMessageId: m1.message.id });
    expect(back).toEqual({ lastReadAt: all.lastReadAt, changed: false });
    expect((await getConversation(w.freelancer, w.conversation.id)).otherLastReadAt).toBe(all.lastReadAt);
  });

  it("keeps read state to participants: 404 for outsiders, admins and another conversation's message", async () => {
    const w = await world();
    const theirs = await send(w.otherClient, w.otherConversation.id, "not yours");
    await expect(markConversationRead(w.outsider, w.conversation.id)).rejects.toMatchObject({ status: 404 });
    await expect(markConversationRead(w.admin, w.conversation.id)).rejects.toMatchObject({ status: 404 });
    await expect(markConversationRead(w.client, w.conversation.id, { upToMessageId: theirs.message.id })).rejects.toMatchObject({ status: 404 });
  });

  it("lets admins observe a disputed contract's conversation (not another one) with no unread counts, and outsiders see none of them", async () => {
    const w = await world();
    await send(w.client, w.conversation.id, "hi");
    expect((await listConversations(w.admin)).find((c) => c.id === w.conversation.id)).toMatchObject({ unread: 0 });
    expect((await listConversations(w.admin)).map((c) => c.id)).not.toContain(w.otherConversation.id);
    await expect(getConversation(w.admin, w.otherConversation.id)).rejects.toMatchObject({ status: 404 });
    expect(await countUnread(w.admin)).toBe(0);
    expect((await listConversations(w.outsider)).map((c) => c.id)).toEqual([w.otherConversation.id]);
    await expect(getConversation(w.outsider, w.conversation.id)).rejects.toMatchObject({ status: 404 });
    const view = await getConversation(w.admin, w.conversation.id);
    expect(view.me).toBeNull();
  });

  it("serves one message to readers only", async () => {
    const w = await world();
    const { message } = await send(w.client, w.conversation.id, "just this");
    await expect(getMessage(w.freelancer, message.id)).resolves.toMatchObject({ body: "just this", senderName: "Cleo Client" });
    await expect(getMessage(w.outsider, message.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("delivery", () => {
  it("announces a message to both participants only after it is stored, leaving out the sending socket", async () => {
    const w = await world();
    const receiver = browserFor(realtime, w.freelancer);
    const senderTab = browserFor(realtime, w.client);
    const senderOtherTab = browserFor(realtime, w.client);
    try {
      const received = (client: typeof receiver, userId: string) =>
        within<{ event: MessageCreatedEvent; storedWhenReceived: boolean }>(5000, `message-created for ${userId}`, (resolve, reject) => {
          const channel = client.subscribe(channels.user(userId));
          channel.bind("pusher:subscription_error", (e: unknown) => reject(new Error(JSON.stringify(e))));
          channel.bind(REALTIME_EVENTS.messageCreated, (event: MessageCreatedEvent) => {
            prisma.message.count({ where: { id: event.messageId } }).then((n) => resolve({ event, storedWhenReceived: n === 1 }), reject);
          });
        });
      const subscribed = (client: typeof receiver, userId: string) =>
        within(5000, "subscription", (resolve) => client.subscribe(channels.user(userId)).bind("pusher:subscription_succeeded", resolve));
      const atReceiver = received(receiver, w.freelancer.id);
      const atOtherTab = received(senderOtherTab, w.client.id);
      let senderGotIt = false;
      senderTab.subscribe(channels.user(w.client.id)).bind(REALTIME_EVENTS.messageCreated, () => (senderGotIt = true));
      await Promise.all([subscribed(receiver, w.freelancer.id), subscribed(senderTab, w.client.id), subscribed(senderOtherTab, w.client.id)]);

      const socketId = await connected(senderTab);
      const result = await sendMessage(w.client, { conversationId: w.conversation.id, body: "Live!", clientId: cid(), files: [] }, { now: at, socketId });
      const [got, other] = await Promise.all([atReceiver, atOtherTab]);
      expect(got.event).toEqual({ conversationId: w.conversation.id, contractId: w.contract.id, messageId: result.message.id, senderId: w.client.id });
      expect(got.storedWhenReceived).toBe(true);
      expect(other.event.messageId).toBe(result.message.id);
      expect(await result.announced).toBe(true);
      // The sender's own socket was excluded; a later event on the same channel proves it would have arrived by now.
      const probe = within(5000, "probe", (resolve) => senderTab.subscribe(channels.user(w.client.id)).bind("probe", resolve));
      const { pusherServer } = await import("../realtime/publish");
      await pusherServer().trigger(channels.user(w.client.id), "probe", {});
      await probe;
      expect(senderGotIt).toBe(false);
    } finally {
      for (const c of [receiver, senderTab, senderOtherTab]) c.disconnect();
    }
  });

  it("refuses outsiders the contract's channels and other users' channels", async () => {
    const w = await world();
    const outsider = browserFor(realtime, w.outsider);
    const admin = browserFor(realtime, w.admin);
    try {
      const attempt = (client: typeof outsider, channel: string) =>
        within<"ok" | "refused">(5000, `an answer on ${channel}`, (resolve) => {
          const c = client.subscribe(channel);
          c.bind("pusher:subscription_succeeded", () => resolve("ok"));
          c.bind("pusher:subscription_error", () => resolve("refused"));
        });
      expect(await attempt(outsider, channels.conversation(w.contract.id))).toBe("refused");
      expect(await attempt(outsider, channels.contract(w.contract.id))).toBe("refused");
      expect(await attempt(outsider, channels.user(w.client.id))).toBe("refused");
      expect(await attempt(outsider, channels.user(w.outsider.id))).toBe("ok");
      // admins read a conversation only through a dispute, without presence; the Work Diary's channel stays theirs
      expect(await attempt(admin, channels.conversation(w.contract.id))).toBe("refused");
      expect(await attempt(admin, channels.contract(w.contract.id))).toBe("ok");
    } finally {
      outsider.disconnect();
      admin.disconnect();
    }
  });

  it("keeps a message sent while the other side is offline for when they come back", async () => {
    const w = await world();
    const { message } = await send(w.client, w.conversation.id, "While you were away");
    // Nobody was subscribed: the freelancer finds it on return, counted as unread.
    expect(await countUnread(w.freelancer)).toBe(1);
    const page = await listMessages(w.freelancer, w.conversation.id);
    expect(page.messages[0]?.id).toBe(message.id);
  });
});
