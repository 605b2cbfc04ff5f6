import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BillingError } from "@/lib/billing";
import { ApiError } from "@/lib/errors";
import { SegmentRejected } from "@/lib/ingest/errors";
import { setLogDestination } from "@/lib/observability/log";
import { errorResponse } from "./respond";

describe("errorResponse", () => {
  it("maps each error code to its status with one JSON shape", async () => {
    const cases: Array<[ConstructorParameters<typeof ApiError>[0], number]> = [
      ["unauthenticated", 401], ["forbidden", 403], ["not_found", 404], ["conflict", 409], ["payload_too_large", 413], ["rate_limited", 429],
    ];
    for (const [code, status] of cases) {
      const res = errorResponse(new ApiError(code, `msg ${code}`));
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: { code, message: `msg ${code}` } });
    }
  });

  it("sets Retry-After for rate limits", () => {
    const res = errorResponse(new ApiError("rate_limited", "slow down", { retryAfterSeconds: 17 }));
    expect(res.headers.get("retry-after")).toBe("17");
  });

  it("answers 422 naming each invalid field", async () => {
    const schema = z.object({ email: z.string().email("Enter a valid email."), amount: z.number().int("Whole cents only.") });
    const parsed = schema.safeParse({ email: "nope", amount: 1.5 });
    const res = errorResponse(parsed.error);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.fields).toEqual({ email: "Enter a valid email.", amount: "Whole cents only." });
    expect(body.error.message).toBe("Email: Enter a valid email. Amount: Whole cents only.");
  });

  // The summary is what a person reads (forms show it when no field is theirs, the diary always):
  // fields keep their keys for the forms, the message names them in words.
  it("words the 422 summary with field labels, never the keys", async () => {
    const { createContractSchema } = await import("@/lib/validation/contracts");
    const { addPayoutMethodSchema } = await import("@/lib/validation/payouts");
    const { fileDisputeSchema } = await import("@/lib/validation/money");
    const bodies: Array<[string, z.ZodType, unknown]> = [
      ["a contract with nothing filled in", createContractSchema, {}],
      ["a contract with bad amounts", createContractSchema, { title: "Logo work", freelancerEmail: "fiona@hourglass.test", hourlyRateCents: 1.5, weeklyLimitHours: -2, weeklyPaymentCents: -1 }],
      ["a card with bad numbers", addPayoutMethodSchema(new Date("2024-06-12T00:00:00Z")), { kind: "INSTANT_CARD", accountHolder: "F", cardNumber: "1234", expiry: "13/99" }],
      ["a dispute of nothing", fileDisputeSchema, { contractId: "x", weekStart: "2024-06-04", segmentIds: [], reason: "bad" }],
    ];
    for (const [what, schema, input] of bodies) {
      const body = await errorResponse(schema.safeParse(input).error).json();
      const keys = Object.keys(body.error.fields);
      expect(keys.length, what).toBeGreaterThan(1);
      for (const key of keys) expect(body.error.message, `${what}: ${key}`).not.toContain(`${key}:`); // the old "title: ..." form
      expect(body.error.message, what).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*\b/); // no camelCase key at all
      expect(body.error.message, what).not.toMatch(/Invalid input|expected \w+, received/); // nor zod's own English
    }
  });

  it("gives a whole-request error (a body that is not an object) as its message alone", async () => {
    const body = await errorResponse(z.object({ a: z.string() }, { error: "Send the fields as a JSON object." }).safeParse([]).error).json();
    expect(body.error).toEqual({ code: "validation_failed", message: "Send the fields as a JSON object.", fields: { body: "Send the fields as a JSON object." } });
  });

  it("answers a billing rule's refusal as 422 naming its field, wrapped or not", async () => {
    // the rule's message names its input for developers; the answer is in a person's words
    const res = errorResponse(new BillingError("INVALID_CENTS", "amountCents", "amountCents must be a non-negative integer number of cents, got 1.5"));
    expect(res.status).toBe(422);
    const words = "Enter an amount in whole cents, not below zero.";
    expect(await res.json()).toEqual({ error: { code: "validation_failed", message: words, fields: { amountCents: words } } });
  });

  it("answers a refused tracked segment with its machine-readable reasons (the tracker API's document)", async () => {
    const res = errorResponse(new SegmentRejected(["WEEK_LOCKED"]));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(new SegmentRejected(["WEEK_LOCKED"]).toBody());
  });

  it("never leaks internals in a 500", async () => {
    const logged: string[] = [];
    setLogDestination({ write: (line: string) => void logged.push(line) }, true);
    const res = errorResponse(new Error("connection to 10.0.0.5:5432 refused, password=hunter2"));
    setLogDestination(null);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("10.0.0.5");
    // the operator's line has the cause, not the password
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("10.0.0.5:5432 refused, password=[redacted]");
    expect(logged[0]).not.toContain("hunter2");
  });
});
