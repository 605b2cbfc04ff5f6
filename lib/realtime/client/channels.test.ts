import { describe, expect, it } from "vitest";
import { channels, parseChannel } from "./events";

const id = "0b9b6d1c-3c59-4b7e-9a51-9c1b1f3e2a10";

describe("parseChannel", () => {
  it("recognises every channel `channels` names", () => {
    expect(parseChannel(channels.user(id))).toEqual({ kind: "user", userId: id });
    expect(parseChannel(channels.contract(id))).toEqual({ kind: "contract", contractId: id, presence: false });
    expect(parseChannel(channels.conversation(id))).toEqual({ kind: "contract", contractId: id, presence: true });
    expect(parseChannel(channels.call(id))).toEqual({ kind: "call", contractId: id });
  });

  it.each([
    ["a public channel", `contract-${id}`],
    ["an unknown private channel", `private-admin-${id}`],
    ["a presence user channel", `presence-user-${id}`],
    ["an id that is not a UUID", "private-contract-42"],
    ["a suffix after the id", `private-contract-${id}-x`],
    ["a prefix before the name", `xprivate-user-${id}`],
    ["an encrypted channel", `private-encrypted-contract-${id}`],
    ["upper-case ids (never produced by Postgres)", `private-user-${id.toUpperCase()}`],
  ])("refuses %s", (_label, name) => {
    expect(parseChannel(name)).toBeNull();
  });
});
