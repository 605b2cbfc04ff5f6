import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError, errorResponse } from "./errors";

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
    expect(body.error.message).toContain("email: Enter a valid email.");
  });

  it("never leaks internals in a 500", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = errorResponse(new Error("connection to 10.0.0.5:5432 refused, password=hunter2"));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("10.0.0.5");
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
