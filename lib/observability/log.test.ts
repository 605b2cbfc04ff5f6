// The logger's two defences against secrets in a line (redaction by key, the last-line scrubber), its
// request id, and console routed through it.
import { describe, expect, it } from "vitest";
import { createLogger, scrub } from "./log";
import { newRequestId, requestIdFor, runWithRequestContext } from "./request-context";

function capture(json = true) {
  const lines: string[] = [];
  return { lines, logger: createLogger({ destination: { write: (s: string) => void lines.push(s) }, json }) };
}

describe("the logger", () => {
  it("redacts secret keys at any of three levels", () => {
    const { lines, logger } = capture();
    logger.info({ password: "pw-one", body: { accountNumber: "12345678", routingNumber: "021000021" }, a: { b: { cardNumber: "x", cvc: "123" } }, headers: { authorization: "t", "set-cookie": "c" } }, "m");
    const entry = JSON.parse(lines[0]!);
    expect(entry.password).toBe("[redacted]");
    expect(entry.body).toEqual({ accountNumber: "[redacted]", routingNumber: "[redacted]" });
    expect(entry.a.b).toEqual({ cardNumber: "[redacted]", cvc: "[redacted]" });
    expect(entry.headers).toEqual({ authorization: "[redacted]", "set-cookie": "[redacted]" });
  });

  it.each([
    ["a tracker token", "token hgt_Abc123_xyz-9 used", "hgt_[redacted]"],
    ["a Bearer credential", "Authorization: Bearer eyJhbGciOi.x.y", "Bearer [redacted]"],
    ["an emailed link's token", "https://h/reset?token=Zm9vYmFy&next=/", "token=[redacted]&next=/"],
    ["a bare link token", `link ${"aB3".repeat(14)}c sent`, "link [redacted] sent"],
    ["a card number in groups", "card 4242 4242 4242 4242 declined", "card [redacted-number] declined"],
    ["a long digit run", "account 000123456789 routing 110000000", "account [redacted-number] routing [redacted-number]"],
    ["a password in a URL", "postgresql://hourglass:s3cret@db:5432/app", "postgresql://hourglass:[redacted]@db:5432/app"],
    ["a password in a message", 'connection refused, password=hunter2 {\\"secret\\":\\"abc\\"}', 'password=[redacted] {\\"secret\\":\\"[redacted]\\"}'],
  ])("scrubs %s from any line", (_what, line, expected) => {
    expect(scrub(line, [])).toContain(expected);
  });

  it.each([
    ["a UUID", "segment 550e8400-e29b-41d4-a716-446655440000"],
    ["an ISO time", "at 2026-12-07T00:35:06.123Z"],
    ["a small count", "sent 12 emails in 340 ms"],
  ])("leaves %s alone", (_what, line) => {
    expect(scrub(line, [])).toBe(line);
  });

  it("cuts the process's secret environment values wherever they appear", () => {
    expect(scrub('{"msg":"auth secret is sUp3r-Secret-Value!"}', ["sUp3r-Secret-Value!"])).toBe('{"msg":"auth secret is [redacted]"}');
  });

  it("names the request in each line logged inside its context", () => {
    const { lines, logger } = capture();
    runWithRequestContext({ requestId: "req-12345678" }, () => logger.info("inside"));
    logger.info("outside");
    expect(JSON.parse(lines[0]!).requestId).toBe("req-12345678");
    expect(JSON.parse(lines[1]!).requestId).toBeUndefined();
  });

  it("writes readable lines outside production", () => {
    const { lines, logger } = capture(false);
    logger.warn({ outboxId: "o1" }, "could not send");
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN could not send outboxId=o1\n$/);
  });
});

describe("request ids", () => {
  it("keeps a trusted proxy's sane id, and replaces anything else", () => {
    expect(requestIdFor("0f3c9a7e5b2d4c1a8e6f0b3d5a7c9e1f", true)).toBe("0f3c9a7e5b2d4c1a8e6f0b3d5a7c9e1f");
    expect(requestIdFor("0f3c9a7e5b2d4c1a8e6f0b3d5a7c9e1f", false)).not.toBe("0f3c9a7e5b2d4c1a8e6f0b3d5a7c9e1f");
    for (const bad of ["short", "has space in it", "line\nbreak-forged", "x".repeat(129)]) expect(requestIdFor(bad, true)).not.toBe(bad);
    expect(newRequestId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
