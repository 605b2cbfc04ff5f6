import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeCursor, encodeCursor } from "./cursor";

describe("message cursors", () => {
  it("round-trips any instant and id", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(0), max: new Date("2100-01-01"), noInvalidDate: true }), fc.uuid(), (createdAt, id) => {
        expect(decodeCursor(encodeCursor({ createdAt, id }))).toEqual({ createdAt, id: id.toLowerCase() });
      }),
    );
  });

  it.each(["", "abc", Buffer.from("12.not-a-uuid").toString("base64url"), Buffer.from("x.0b9b6d1c-3c59-4b7e-9a51-9c1b1f3e2a10").toString("base64url")])(
    "refuses a forged cursor %j",
    (raw) => {
      expect(decodeCursor(raw)).toBeNull();
    },
  );
});
