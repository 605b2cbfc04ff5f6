import { describe, expect, it } from "vitest";
import { PresenceRoster } from "./presence";

describe("PresenceRoster", () => {
  it("counts a user once across sockets and removes them with their last socket", () => {
    const roster = new PresenceRoster<string>();
    expect(roster.join("s1", { userId: "bob", userInfo: { tab: 1 } })).toBe(true);
    expect(roster.join("s2", { userId: "bob", userInfo: { tab: 2 } })).toBe(false);
    expect(roster.join("s3", { userId: "amy", userInfo: null })).toBe(true);
    expect(roster.count).toBe(2);
    expect(roster.leave("s1")).toBeUndefined();
    expect(roster.has("bob")).toBe(true);
    expect(roster.leave("s2")).toBe("bob");
    expect(roster.has("bob")).toBe(false);
    expect(roster.leave("s2")).toBeUndefined();
  });

  it("ignores a second join from the same socket", () => {
    const roster = new PresenceRoster<string>();
    roster.join("s1", { userId: "bob", userInfo: undefined });
    expect(roster.join("s1", { userId: "eve", userInfo: undefined })).toBe(false);
    expect(roster.userIds()).toEqual(["bob"]);
    expect(roster.leave("s1")).toBe("bob");
    expect(roster.count).toBe(0);
  });

  it("snapshots in pusher-js's shape, keeping the first socket's user_info", () => {
    const roster = new PresenceRoster<string>();
    roster.join("s1", { userId: "bob", userInfo: { name: "Bob" } });
    roster.join("s2", { userId: "bob", userInfo: { name: "Other" } });
    roster.join("s3", { userId: "__proto__", userInfo: 1 });
    const { presence } = roster.snapshot();
    expect(presence.ids).toEqual(["bob", "__proto__"]);
    expect(presence.count).toBe(2);
    expect(JSON.parse(JSON.stringify(presence.hash))).toEqual(JSON.parse('{"bob":{"name":"Bob"},"__proto__":1}'));
  });

  it("keeps a member without user_info in the snapshot's hash (as null, which JSON keeps)", () => {
    const roster = new PresenceRoster<string>();
    roster.join("s1", { userId: "bob", userInfo: undefined });
    expect(JSON.parse(JSON.stringify(roster.snapshot().presence.hash))).toEqual({ bob: null });
  });
});
