// Every message a schema of lib/validation gives is for a person: choices named by their labels
// (never HOURLY or INSTANT_CARD), no rule numbers (they stay in code comments), and never zod's own
// English ("Invalid input: expected string, received undefined"). Each schema is fed a missing
// value, wrong types and out-of-range values for every field, and its enum fields a made-up option.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as auth from "./auth";
import * as contracts from "./contracts";
import * as diary from "./diary";
import * as disputes from "./disputes";
import * as messages from "./messages";
import * as money from "./money";
import * as payouts from "./payouts";
import * as reports from "./reports";
import * as text from "./text";
import * as tracker from "./tracker";
import { PAYOUT_FREQUENCIES, PAYOUT_METHOD_KINDS } from "@/lib/config/rules";
import { FREQUENCY_LABEL, KIND_LABEL } from "./payout-labels";

const NOW = new Date("2024-06-12T15:05:00Z");
const MODULES = { auth, contracts, diary, disputes, messages, money, payouts, reports, text, tracker };

const schemas: Array<[string, z.ZodType]> = Object.entries(MODULES).flatMap(([module, exports]) =>
  Object.entries(exports as Record<string, unknown>).flatMap(([name, value]): Array<[string, z.ZodType]> => {
    if (name === "addPayoutMethodSchema") return [[`${module}.${name}`, payouts.addPayoutMethodSchema(NOW)]];
    return value instanceof z.ZodType ? [[`${module}.${name}`, value]] : [];
  }),
);

/** The object shape under refinements and transforms, if the schema is an object. */
function shapeOf(schema: z.ZodType): Record<string, unknown> | undefined {
  const def = (schema as unknown as { _zod: { def: { shape?: Record<string, unknown>; in?: z.ZodType; schema?: z.ZodType } } })._zod.def;
  return def.shape ?? (def.in ? shapeOf(def.in) : def.schema ? shapeOf(def.schema) : undefined);
}

const BAD_VALUES: unknown[] = [undefined, null, 5, -1, 1.5, 1e12, "x", "", "a".repeat(6000), [], ["x"], {}, true, "NOT_A_CHOICE"];
const ROOTS: unknown[] = [undefined, null, 5, "x", [], true, {}];
const KINDS = PAYOUT_METHOD_KINDS.map((kind) => ({ kind, label: 5, accountHolder: 5, routingNumber: 5, accountNumber: 5, country: 5, bankCode: 5, iban: 5, swift: 5, cardNumber: 5, expiry: 5 }));

function messagesOf(schema: z.ZodType): Array<[string, string]> {
  const shape = shapeOf(schema);
  const inputs = [...ROOTS, ...KINDS, ...Object.keys(shape ?? {}).flatMap((key) => BAD_VALUES.map((v) => ({ [key]: v })))];
  return inputs.flatMap((input) => {
    const result = schema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i): [string, string] => [i.path.join(".") || "(whole)", i.message]);
  });
}

const ALL_CAPS_NAME = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/; // WEEKLY_PAYMENT, INSTANT_CARD
const RULE_NUMBER = /\bR\d+(\.\d+)?\b/;
const ZOD_ENGLISH = /Invalid input|Invalid option|Too big|Too small|expected \w+, received|expected one of/;

describe("lib/validation messages are in the user's words", () => {
  it("covers the schemas", () => {
    expect(schemas.length).toBeGreaterThan(25);
  });

  it.each(schemas)("%s: no enum names, rule numbers or zod English", (_, schema) => {
    const found = messagesOf(schema);
    for (const [path, message] of found) {
      expect(message, path).not.toMatch(ALL_CAPS_NAME);
      expect(message, path).not.toMatch(RULE_NUMBER);
      expect(message, path).not.toMatch(ZOD_ENGLISH);
      expect(message, path).toMatch(/^[A-Z]/);
    }
  });

  const ENUM_FIELDS: Array<[string, z.ZodType, string, readonly string[], readonly string[]]> = [
    ["history type", reports.historyQuery, "type", reports.HISTORY_TYPES, Object.values(reports.HISTORY_TYPE_LABELS)],
    ["payout schedule", payouts.payoutScheduleSchema, "frequency", PAYOUT_FREQUENCIES, Object.values(FREQUENCY_LABEL)],
    ["payout method kind", payouts.addPayoutMethodSchema(NOW), "kind", PAYOUT_METHOD_KINDS, Object.values(KIND_LABEL)],
    ["dispute list", disputes.listDisputesQuery, "filter", [], ["open", "closed"]],
    ["diary time zone", diary.dayQuerySchema, "tz", ["utc", "mine", "freelancer"], []],
  ];

  it.each(ENUM_FIELDS)("a %s outside the list names the choices by label", (_, schema, field, values, labels) => {
    const result = schema.safeParse({ [field]: "CHEQUE" });
    expect(result.success).toBe(false);
    const message = result.error!.issues.find((i) => i.path[0] === field)!.message;
    // a stored name may be part of its own label (ACH in "ACH bank transfer"); any other is not said
    for (const value of values.filter((v) => !labels.some((l) => l.includes(v)))) expect(message).not.toMatch(new RegExp(`\\b${value}\\b`));
    for (const label of labels) expect(message).toContain(label);
  });
});
