// The fuzz suite: every route and method under app/api, called through its real handler as every kind of caller
// with hostile inputs shaped by our zod schemas and the tracker OpenAPI document. Every answer must be
// below 500 (a 4xx in the one error shape) and the ledger must still balance. FUZZ_RUNS sets the cases per route.
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { z } from "zod";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ROOT, dynamicSegments, loadRoutes, registerNextAuthShims, requestScope, type Method, type RouteParams } from "@/tests/support/route-harness";

const { NOW, session } = vi.hoisted(() => ({ NOW: new Date("2024-06-11T10:00:00Z"), session: { user: null as CurrentUser | null } }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
vi.mock("@/lib/clock", async (original) => ({ ...(await original<typeof import("@/lib/clock")>()), now: () => new Date(NOW) }));
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
registerNextAuthShims();

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser, makeContract, TEST_PASSWORD } = await import("@/tests/support/factories");
const { expectLedgerInvariants, fundAvailable, makeFixedContract, makeFixedSegments, slotsFrom } = await import("@/tests/support/ledger");
const { startTestRealtime } = await import("@/tests/support/messages");
const { blobStore } = await import("@/lib/storage");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { closeWeek } = await import("@/lib/ledger/close-week");
const { createTrackerToken } = await import("@/lib/tracker-tokens/create-tracker-token");
const { trackerOpenApiDocument } = await import("@/lib/tracker-api/openapi");
const realtime = await startTestRealtime();
const { prisma } = await setupTestDatabase();
setNoticeSink(() => undefined);
afterAll(() => realtime.close());
const routes = await loadRoutes();

// ---- the world: two sides of a contract with a closed week, money and a message; an outsider ----

const clara = await makeUser(prisma, "CLIENT", { name: "Clara" });
const fiona = await makeUser(prisma, "FREELANCER", { name: "Fiona" });
const olga = await makeUser(prisma, "CLIENT", { name: "Olga" });
const admin = await makeUser(prisma, "ADMIN", { name: "Ada" });
const contractId = await makeFixedContract(prisma, { name: "fuzzed", clientId: clara.id, freelancerId: fiona.id, rateCents: 6000, limitHours: 40 });
const conversation = await prisma.conversation.create({ data: { contractId } });
const offer = await makeContract(prisma, clara, fiona, { status: "OFFER", title: "An offer" });
const segments = await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-04T09:00:00Z"), 4));
const jpeg = await sharp({ create: { width: 32, height: 20, channels: 3, background: "#336699" } }).jpeg().toBuffer();
for (const s of await prisma.screenshot.findMany({ where: { segmentId: { in: segments } } })) {
  await blobStore().put(s.storageKey, jpeg, "image/jpeg");
  await blobStore().put(s.thumbKey, jpeg, "image/webp");
}
await closeWeek({ weekStart: new Date("2024-06-03T00:00:00Z"), now: new Date("2024-06-10T12:00:00Z") });
const current = await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-10T09:00:00Z"), 3));
const methodId = await fundAvailable(prisma, fiona.id, 50_000, NOW);
const fionasTracker = await createTrackerToken(fiona, "Laptop", NOW);
const token = fionasTracker.token;
// R15.1 her device has a key, so fuzzed signatures reach verification (and must be refused there, never 5xx)
await (await import("@/tests/support/signed-segments")).registerDeviceKey(prisma, fionasTracker.id);
const message = await prisma.message.create({ data: { conversationId: conversation.id, senderId: clara.id, body: "hello", clientId: randomUUID() } });
const transfer = await prisma.ledgerTransfer.findFirstOrThrow({ where: { contractId } });
// R17.1 a call clara placed to fiona, so fuzzed call requests reach a real one (answered, signalled, ended as they go)
const call = await prisma.call.create({ data: { conversationId: conversation.id, contractId, callerId: clara.id, calleeId: fiona.id, status: "RINGING", callerTab: "fuzz-tab-clara", callerSeenAt: NOW, createdAt: NOW } });

/** Ids that exist, so that fuzzed requests also reach past "not found" into the services. */
const realIds = [contractId, offer.id, conversation.id, message.id, methodId, ...segments, ...current, clara.id, fiona.id, olga.id];
const realStrings = [transfer.referenceId, "2024-06-04", "2024-06-11", "thumb", "full", "accept", "decline", "pause", "resume", "end", "utc", "mine"];

/**
 * Values that pass each field's checks, by field name, so that cases get past validation into the
 * services, where a hostile value in one field at a time does its damage (a NUL byte in a title
 * only matters once the title reaches PostgreSQL).
 */
const FIELD_EXAMPLES: Record<string, fc.Arbitrary<unknown>> = {
  email: fc.constantFrom(clara.email, fiona.email, "nobody@test.example"),
  clientEmail: fc.constant(clara.email),
  freelancerEmail: fc.constant(fiona.email),
  password: fc.constantFrom(TEST_PASSWORD, "wrong password"),
  contractId: fc.constantFrom(contractId, contractId, contractId, offer.id),
  contract: fc.constantFrom(contractId, offer.id),
  methodId: fc.constant(methodId),
  segmentIds: fc.subarray([...segments, ...current], { minLength: 1 }),
  slotStarts: fc.constant(["2024-06-11T08:00:00.000Z"]),
  day: fc.constantFrom("2024-06-04", "2024-06-11"),
  weekStart: fc.constant("2024-06-03"),
  startsAt: fc.constantFrom("2024-06-17", "2024-06-17T00:00:00.000Z"),
  amountCents: fc.integer({ min: 1, max: 20_000 }),
  hourlyRateCents: fc.integer({ min: 100, max: 20_000 }),
  weeklyPaymentCents: fc.constantFrom(undefined, 10_000),
  thresholdCents: fc.integer({ min: 1_000, max: 100_000 }),
  idempotencyKey: fc.uuid({ version: 4 }),
  clientId: fc.uuid({ version: 4 }),
  upToMessageId: fc.constant(message.id),
  answer: fc.constantFrom("accept", "decline"),
  routingNumber: fc.constant("110000000"),
  accountNumber: fc.constant("000123456789"),
  weeklyLimitHours: fc.constantFrom(null, 10, 40),
  manualTimeAllowed: fc.boolean(),
  frequency: fc.constantFrom("WEEKLY", "MONTHLY"),
  kind: fc.constantFrom("ACH", "WIRE", "INSTANT_CARD", "LOCAL_BANK"),
  segmentId: fc.uuid({ version: 4 }),
  slotStart: fc.constant("2024-06-11T07:00:00.000Z"),
  screenshotTakenAt: fc.constant("2024-06-11T07:04:00.000Z"),
  keyboardCounts: fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 10, maxLength: 10 }),
  mouseCounts: fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 10, maxLength: 10 }),
  tabId: fc.constantFrom("fuzz-tab-clara", "fuzz-tab-fiona"),
  to: fc.constantFrom("fuzz-tab-clara", "fuzz-tab-fiona"),
};
const TEXT_FIELDS = ["title", "memo", "reason", "body", "name", "label"];

interface Caller {
  name: string;
  user?: CurrentUser;
  headers?: Record<string, string>;
}
const callers: Caller[] = [
  { name: "nobody" },
  { name: "clara (client)", user: clara },
  { name: "fiona (freelancer)", user: fiona },
  { name: "olga (outsider)", user: olga },
  { name: "admin", user: admin },
  { name: "fiona's tracker", headers: { authorization: `Bearer ${token}` } },
  { name: "a forged tracker token", headers: { authorization: "Bearer hgt_forged-token-that-does-not-exist" } },
];

// ---- values, from our schemas, any of which may turn hostile ----------------------------------

const hostileString = fc.oneof(
  fc.constantFrom(
    "\u0000", "a\u0000b", "%00", "\ud800", "\udfff\ud800", "\u202egnp.exe", "\ufeff", "", " ", "\n\r\t", "@/etc/passwd",
    "<script>alert(1)</script>", "' OR 1=1 --", "=HYPERLINK(\"x\")", "1e309", "-0", "NaN", "Infinity", "0x10", "9".repeat(400),
    "x".repeat(100_000), "😀".repeat(2_000), "\\u0000", "null", "true", "[]", "{}", "2024-02-30", "2024-06-11T25:61:00Z", "00000000-0000-0000-0000-000000000000",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, -0, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER),
  fc.constant(Array.from({ length: 300 }, (_, i) => i)),
  fc.constant(JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"polluted": 1}}}') as unknown),
  fc.jsonValue({ maxDepth: 3 }),
);

type JsonSchema = { type?: string | string[]; enum?: unknown[]; const?: unknown; format?: string; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[]; $ref?: string; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; minItems?: number; maxItems?: number };

const openApi = trackerOpenApiDocument() as { components: { schemas: Record<string, JsonSchema> } };
const resolveRef = (ref: string): JsonSchema => openApi.components.schemas[ref.split("/").at(-1)!] ?? {};

/** A value of the schema's shape, where any part may (rarely) be hostile instead. */
function valueOf(schema: JsonSchema, depth = 0, name?: string): fc.Arbitrary<unknown> {
  if (depth > 4) return hostileValue;
  const example = name !== undefined ? FIELD_EXAMPLES[name] : undefined;
  const shaped = example ? fc.oneof({ weight: 9, arbitrary: example }, { weight: 1, arbitrary: wellShaped(schema, depth) }) : wellShaped(schema, depth);
  return fc.oneof({ weight: 25, arbitrary: shaped }, { weight: 1, arbitrary: hostileValue });
}

function wellShaped(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.$ref) return valueOf(resolveRef(schema.$ref), depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valueOf(s, depth + 1)));
  if (schema.allOf?.length) return valueOf(schema.allOf[0]!, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      if (schema.format === "uuid") return fc.oneof(fc.constantFrom(...realIds), fc.uuid());
      if (schema.format === "date-time") return fc.date({ min: new Date("2024-05-01Z"), max: new Date("2024-07-01Z"), noInvalidDate: true }).map((d) => d.toISOString());
      return fc.oneof(fc.constantFrom(...realStrings), fc.string({ minLength: Math.max(schema.minLength ?? 0, 1), maxLength: Math.min(schema.maxLength ?? 60, 60) }).map((t) => t.trim() || "x"));
    case "integer":
      return fc.integer({ min: Math.max(schema.minimum ?? -1_000, -(2 ** 31)), max: Math.min(schema.maximum ?? 2_000_000, 2 ** 31) });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(valueOf(schema.items ?? {}, depth + 1), { minLength: Math.min(schema.minItems ?? 0, 12), maxLength: Math.min(schema.maxItems ?? 12, 12) });
    case "object":
      return objectOf(schema, depth);
    default:
      return hostileValue;
  }
}

/** An object of the schema's shape; often one field (a free-text one, for choice) turns hostile, or an unknown key comes along. */
function objectOf(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(schema.properties ?? {});
  const props = Object.fromEntries(keys.map((k) => [k, valueOf(schema.properties![k]!, depth + 1, k)]));
  const record = fc.oneof({ weight: 3, arbitrary: fc.record(props, { requiredKeys: (schema.required ?? []).filter((k) => k in props) }) }, { weight: 1, arbitrary: fc.record(props, { requiredKeys: [] }) });
  const texts = keys.filter((k) => TEXT_FIELDS.includes(k));
  const target = fc.oneof(fc.constantFrom(...(keys.length ? keys : ["x"])), fc.constantFrom(...(texts.length ? texts : keys.length ? keys : ["x"])), fc.constantFrom("role", "userId", "balanceCents", "__proto__", "x\u0000"));
  const mutation = fc.option(fc.tuple(target, hostileValue), { freq: 2 });
  return fc.tuple(record, mutation).map(([o, m]) => (m ? { ...o, [m[0]]: m[1] } : o));
}

interface Shape {
  name: string;
  schema: JsonSchema;
}

/** The shapes of every zod schema exported by lib/validation and every schema of the tracker API's OpenAPI document. */
async function schemaShapes(): Promise<Shape[]> {
  const shapes: Shape[] = Object.entries(openApi.components.schemas).map(([name, schema]) => ({ name, schema }));
  const dir = path.join(ROOT, "lib/validation");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.includes(".test."))) {
    for (const [name, value] of Object.entries((await import(path.join(dir, file))) as Record<string, unknown>)) {
      const schema = typeof value === "function" && value.length === 1 ? tryCall(value as (now: Date) => unknown) : value;
      if (!(schema instanceof z.ZodType)) continue;
      try {
        shapes.push({ name, schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema });
      } catch {
        // a schema JSON Schema cannot express (a transform's output): its fields still come from the others
      }
    }
  }
  return shapes.filter((s) => s.schema.type === "object" && s.schema.properties);
}
function tryCall(f: (now: Date) => unknown): unknown {
  try {
    return f(NOW);
  } catch {
    return undefined;
  }
}

/**
 * The shapes a route parses with (request shapes only: the OpenAPI document's answers are not sent): those whose names appear in its route.ts or in the lib/ modules
 * it imports (the tracker's upload reader names SegmentFields' schema, for instance).
 */
const RESPONSE_SHAPES = new Set(["Error", "TrackerProfile", "StoredSegment", "ScreenshotInfo"]);
function routeText(route: string): string {
  const source = readFileSync(path.join(ROOT, "app", route, "route.ts"), "utf8");
  // the modules it imports, but not the schema modules themselves (they name every schema) nor the handler wrappers
  const imported = [...source.matchAll(/from "@\/(lib\/[^"]+)"/g)]
    .filter((m) => !/^lib\/(validation|api)\//.test(m[1]!))
    .map((m) => path.join(ROOT, `${m[1]}.ts`))
    .filter(existsSync);
  return [source, ...imported.map((f) => readFileSync(f, "utf8"))].join("\n");
}
function shapesOf(text: string): Shape[] {
  const own = shapes.filter((s) => !RESPONSE_SHAPES.has(s.name)).filter((s) => new RegExp(`\\b${s.name}\\b`).test(text) || text.includes(`${s.name[0]!.toLowerCase()}${s.name.slice(1)}Schema`));
  return own.length ? own : shapes;
}
const shapes = await schemaShapes();
const fieldNames = [...new Set(shapes.flatMap((s) => Object.keys(s.schema.properties ?? {})))];

// ---- requests ----------------------------------------------------------------------------------

type FuzzBody =
  | { kind: "json"; value: unknown; contentType: string }
  | { kind: "raw"; text: string; contentType: string | null }
  | { kind: "form"; fields: Array<[string, string]>; file: boolean };

/** Mostly those who get furthest (the contract's two sides and the admin; on the tracker API, the tracker); sometimes anyone. */
const callerFor = (route: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(route.startsWith("/api/tracker/") ? callers.filter((c) => c.name === "fiona's tracker") : callers.filter((c) => c.user === clara || c.user === fiona || c.user === admin))) },
    { weight: 1, arbitrary: fc.constantFrom(...callers) },
  );
const contentTypes = fc.constantFrom("application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "application/octet-stream", "multipart/form-data; boundary=nope", "");
/** A request body for a route that parses the given shapes: mostly theirs, sometimes anyone's, sometimes not JSON at all. */
function bodyFor(own: Shape[], multipart: boolean): fc.Arbitrary<FuzzBody> {
  const objects = (from: Shape[]) => fc.constantFrom(...from).chain((s) => objectOf(s.schema, 0));
  return fc.oneof(
    { weight: multipart ? 2 : 12, arbitrary: fc.tuple(objects(own), fc.constantFrom("application/json", "application/json", "application/json", "text/plain")).map(([value, contentType]): FuzzBody => ({ kind: "json", value, contentType })) },
    { weight: 1, arbitrary: objects(shapes).map((value): FuzzBody => ({ kind: "json", value, contentType: "application/json" })) },
    { weight: 1, arbitrary: hostileValue.map((value): FuzzBody => ({ kind: "json", value, contentType: "application/json" })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.oneof(fc.constantFrom("{", "{\"a\":", "[[[[[[", "\u0000", "{\"amountCents\": 1e999}", "[".repeat(50_000), "\"\\ud800\"", "{\"a\":1,\"a\":2}"), fc.string({ unit: "binary", maxLength: 200 })), fc.option(contentTypes))
        .map(([text, contentType]): FuzzBody => ({ kind: "raw", text, contentType })),
    },
    {
      // multipart, as the tracker's upload and a message with attachments are sent: the fields of
      // the route's shapes as form fields, or one of them as JSON in a "segment" part
      weight: multipart ? 12 : 3,
      arbitrary: fc
        .tuple(
          objects(own),
          fc.array(fc.tuple(fc.constantFrom(...fieldNames, "segment", "screenshot", "body", "clientId", "attachments"), fc.oneof(hostileString, hostileValue.map((v) => JSON.stringify(v) ?? ""))), { maxLength: 3 }),
          fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        )
        .map(([o, extra, file]): FuzzBody => ({
          kind: "form",
          fields: [["segment", JSON.stringify(o)], ...Object.entries(o).map(([k, v]): [string, string] => [k, typeof v === "string" ? v : (JSON.stringify(v) ?? "")]), ...extra],
          file,
        })),
    },
  );
}

/** Path segments that exist, by the segment's name, so that cases reach the object they name. */
const PARAM_EXAMPLES: Record<string, fc.Arbitrary<string>> = {
  contractId: fc.constant(contractId),
  conversationId: fc.constant(conversation.id),
  messageId: fc.constant(message.id),
  callId: fc.constant(call.id),
  segmentId: fc.constantFrom(...segments, ...current),
  referenceId: fc.constant(transfer.referenceId),
  day: fc.constantFrom("2024-06-04", "2024-06-11"),
  variant: fc.constantFrom("thumb", "full"),
  action: fc.constantFrom("accept", "decline", "withdraw", "pause", "resume", "end"),
};
const paramValue = (name: string) =>
  fc.oneof({ weight: 6, arbitrary: PARAM_EXAMPLES[name] ?? fc.constantFrom(...realIds) }, { weight: 2, arbitrary: fc.constantFrom(...realIds, ...realStrings) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 2, arbitrary: hostileString });
const query = fc.array(fc.tuple(fc.constantFrom(...fieldNames, "from", "to", "type", "cursor", "tz", "day", "callbackUrl", "page", "limit"), hostileString), { maxLength: 4 });

function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80"; // a lone surrogate, as a browser would send it
  }
}

/** How each route answered, by status class: shows how deep the cases reached (2xx passed every check). */
const answers = new Map<string, Record<string, number>>();
async function send(route: string, method: Method, caller: Caller, params: RouteParams, search: Array<[string, string]>, b: FuzzBody): Promise<Response> {
  const handler = routes.get(route)![method]!;
  const pathname = route.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_, rest: string | undefined, name: string) => {
    const v = params[name]!;
    return rest ? (v as string[]).map(encodeSegment).join("/") : encodeSegment(v as string);
  });
  const url = new URL(pathname, "http://portal.test");
  for (const [k, v] of search) url.searchParams.append(k, v.replace(/[\ud800-\udfff]/g, "\ufffd"));
  const headers = new Headers({ host: "portal.test", origin: "http://portal.test", ...caller.headers });
  let payload: BodyInit | undefined;
  if (method !== "GET" && method !== "HEAD") {
    if (b.kind === "json") {
      headers.set("content-type", b.contentType);
      payload = JSON.stringify(b.value) ?? "null";
    } else if (b.kind === "raw") {
      if (b.contentType !== null) headers.set("content-type", b.contentType);
      payload = b.text;
    } else {
      const form = new FormData();
      for (const [k, v] of b.fields) form.append(k, v);
      if (b.file) form.append("screenshot", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "shot.jpg");
      payload = form;
    }
  }
  session.user = caller.user ?? null;
  const req = new NextRequest(url, { method, headers, body: payload });
  requestScope.headers = req.headers;
  try {
    const res = await handler(req, { params: Promise.resolve(params) });
    const tally = answers.get(`${method} ${route}`) ?? {};
    tally[`${String(res.status)[0]}xx`] = (tally[`${String(res.status)[0]}xx`] ?? 0) + 1;
    answers.set(`${method} ${route}`, tally);
    return res;
  } finally {
    session.user = null;
  }
}

/** next-auth's own endpoints answer in next-auth's shapes (redirects, HTML); the rest in ours. */
const OWN_SHAPES_EXEMPT = new Set(["/api/auth/[...nextauth]"]);
/** The device sign-in's token endpoint answers its refusals in RFC 8628's shape, { error, error_description }. */
const OAUTH_SHAPED = new Set(["/api/tracker/v1/device/token"]);

async function expectWellFormed(route: string, method: Method, res: Response): Promise<void> {
  const text = await res.text();
  const where = `${method} ${route} -> ${res.status} ${text.slice(0, 300)}`;
  if (process.env.FUZZ_TRACE && `${method} ${route}`.includes(process.env.FUZZ_TRACE)) console.log(where);
  expect(res.status, where).toBeLessThan(500);
  if (res.status < 400 || method === "HEAD" || OWN_SHAPES_EXEMPT.has(route)) return;
  expect(res.headers.get("content-type") ?? "", where).toContain("application/json");
  const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  if (OAUTH_SHAPED.has(route)) {
    const oauth = parsed as { error?: unknown; error_description?: unknown };
    expect([typeof oauth.error, typeof oauth.error_description], where).toEqual(["string", "string"]);
    return;
  }
  expect(typeof parsed.error?.code, where).toBe("string");
  expect(typeof parsed.error?.message, where).toBe("string");
}

const pairs = [...routes].flatMap(([route, handlers]) => Object.keys(handlers).map((m) => [route, m as Method] as const));

describe("fuzzing every route and method with hostile input", () => {
  it("covers every route.ts under app/api", () => {
    expect(pairs.length).toBeGreaterThan(40);
    expect(shapes.length).toBeGreaterThan(10);
  });

  it.each(pairs)("%s %s never answers 5xx, and a 4xx has the error shape", async (route, method) => {
    const segmentNames = dynamicSegments(route);
    const text = routeText(route);
    const params = fc.tuple(...segmentNames.map((s) => (s.rest ? fc.array(paramValue(s.name), { minLength: 1, maxLength: 3 }) : paramValue(s.name))));
    await fc.assert(
      fc.asyncProperty(callerFor(route), params, query, bodyFor(shapesOf(text), /multipart|formData/.test(text)), async (caller, values, search, b) => {
        const p: RouteParams = Object.fromEntries(segmentNames.map((s, i) => [s.name, values[i] as string | string[]]));
        if (process.env.FUZZ_TRACE && `${method} ${route}`.includes(process.env.FUZZ_TRACE)) console.log("  sent", caller.name, JSON.stringify(b).slice(0, 300));
        await expectWellFormed(route, method, await send(route, method, caller, p, search, b));
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it("leaves the ledger balanced", async () => {
    await expectLedgerInvariants(prisma);
    const total = [...answers.values()].reduce((n, t) => n + Object.values(t).reduce((a, b) => a + b, 0), 0);
    console.log(`fuzz: ${total} requests over ${pairs.length} route-methods (${RUNS} cases each)`);
    if (process.env.FUZZ_REPORT) for (const [k, t] of [...answers].sort()) console.log(`  ${k.padEnd(70)} ${JSON.stringify(t)}`);
  });
});
