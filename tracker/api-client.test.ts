import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PortalClient, PortalError, PortalUnreachable } from "./api-client";

let answer: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void = (_req, _body, res) => res.end();
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  answer(req, Buffer.concat(chunks), res);
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const fields = {
  segmentId: "0b6f3c1e-1111-4a7d-9a43-0a3c1b2c3d4e",
  contractId: "7b0b7c1e-8f63-4d7a-9a43-0a3c1b2c3d4e",
  slotStart: "2024-06-12T14:00:00.000Z",
  screenshotTakenAt: "2024-06-12T14:03:00.000Z",
  keyboardCounts: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  mouseCounts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  memo: "m",
};

describe("PortalClient", () => {
  it("posts the segment as multipart (JSON part + image file) with its Bearer token", async () => {
    let seen: { auth?: string; encoding?: string; segment?: unknown; file?: { type: string; size: number } } = {};
    answer = (req, body, res) => {
      void new Response(new Uint8Array(body), { headers: { "content-type": req.headers["content-type"] as string } }).formData().then(async (form) => {
        const file = form.get("screenshot") as File;
        seen = {
          auth: req.headers.authorization,
          encoding: req.headers["accept-encoding"],
          segment: JSON.parse(await (form.get("segment") as Blob).text()),
          file: { type: file.type, size: file.size },
        };
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id: fields.segmentId }));
      });
    };
    const result = await new PortalClient(base, "hgt_abc").postSegment(fields, Buffer.alloc(1234, 7), "image/png");
    expect(result).toMatchObject({ status: 201, body: { id: fields.segmentId } });
    expect(seen).toEqual({ auth: "Bearer hgt_abc", encoding: "identity", segment: fields, file: { type: "image/png", size: 1234 } });
  });

  it("reads Retry-After from a 429, in seconds or as a date", async () => {
    answer = (_req, _body, res) => res.writeHead(429, { "retry-after": "7", "content-type": "application/json" }).end(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }));
    expect(await new PortalClient(base, "t").postSegment(fields, Buffer.from("x"), "image/jpeg")).toMatchObject({ status: 429, retryAfterMs: 7000 });
    answer = (_req, _body, res) => res.writeHead(429, { "retry-after": new Date(Date.now() + 60_000).toUTCString() }).end();
    const dated = await new PortalClient(base, "t").postSegment(fields, Buffer.from("x"), "image/jpeg");
    expect(dated.retryAfterMs).toBeGreaterThan(50_000);
  });

  it("tells an unreachable portal from one that answers with an error", async () => {
    await expect(new PortalClient("http://127.0.0.1:1", "t").me()).rejects.toBeInstanceOf(PortalUnreachable);
    answer = (_req, _body, res) => res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "unauthenticated", message: "Unknown token" } }));
    const error = await new PortalClient(base, "t").me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalError);
    expect(error).toMatchObject({ status: 401, message: "Unknown token" });
  });
});
