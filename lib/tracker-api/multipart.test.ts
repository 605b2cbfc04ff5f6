import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { multipartBoundary, parseMultipart } from "./multipart";

/** A body as the platform writes it (undici's FormData serializer), with its boundary. */
async function encode(form: FormData): Promise<{ body: Buffer; boundary: string }> {
  const req = new Request("http://x/", { method: "POST", body: form });
  const boundary = multipartBoundary(req.headers.get("content-type") ?? "");
  if (!boundary) throw new Error("no boundary");
  return { body: Buffer.from(await req.arrayBuffer()), boundary };
}

describe("multipartBoundary", () => {
  it.each([
    ["multipart/form-data; boundary=abc123", "abc123"],
    ['multipart/form-data; boundary="with space"', "with space"],
    ["Multipart/Form-Data;charset=utf-8; BOUNDARY=----x", "----x"],
    ["multipart/mixed; boundary=abc", null],
    ["application/json", null],
    ["multipart/form-data", null],
  ])("%s", (header, expected) => {
    expect(multipartBoundary(header)).toBe(expected);
  });
});

describe("parseMultipart", () => {
  it("reads what FormData writes: text fields, files (named or not), binary bytes, UTF-8 names", async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0x0d, 0x0a]);
    const form = new FormData();
    form.set("segment", JSON.stringify({ memo: "Zürich \"quoted\"\r\n--" }));
    form.set("screenshot", new Blob([bytes], { type: "image/jpeg" }), "shot.jpg");
    form.set("empty", new Blob([]), "");
    form.set("naïve", "x");
    const { body, boundary } = await encode(form);
    const parts = parseMultipart(body, boundary);
    expect(parts?.map((p) => [p.name, p.filename, p.data.toString("latin1")])).toEqual([
      ["segment", undefined, Buffer.from(JSON.stringify({ memo: "Zürich \"quoted\"\r\n--" })).toString("latin1")],
      ["screenshot", "shot.jpg", Buffer.from(bytes).toString("latin1")],
      ["empty", undefined, ""], // undici writes no filename for "", so it reads back as a text field
      ["naïve", undefined, "x"],
    ]);
  });

  it("agrees with Response.formData on any fields and file bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 300 }), async (text, file) => {
        const form = new FormData();
        form.set("segment", text);
        form.set("screenshot", new Blob([new Uint8Array(file)]), "f.bin");
        const { body, boundary } = await encode(form);
        const theirs = await new Response(new Uint8Array(body), { headers: { "content-type": `multipart/form-data; boundary=${boundary}` } }).formData();
        const ours = parseMultipart(body, boundary);
        expect(ours?.[0]?.data.toString("utf8")).toBe(theirs.get("segment"));
        expect(ours?.[1]?.data.equals(Buffer.from(await (theirs.get("screenshot") as File).arrayBuffer()))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("reads a hand-written body with a preamble, quoted parameters and header case of its own", () => {
    const body = Buffer.from(
      "preamble\r\n--b\r\ncontent-disposition: FORM-DATA; filename=\"a\\\"b.png\"; name=screenshot\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b\r\nContent-Disposition: form-data; name=\"segment\"\r\n\r\n{}\r\n--b--\r\nepilogue",
    );
    expect(parseMultipart(body, "b")?.map((p) => [p.name, p.filename, p.data.toString()])).toEqual([
      ["screenshot", 'a"b.png', "PNG"],
      ["segment", undefined, "{}"],
    ]);
  });

  it.each([
    ["no delimiter at all", "hello"],
    ["no closing delimiter", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx"],
    ["a part without its blank line", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nx\r\n--b--"],
    ["a part without a name", "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"],
    ["a part that is not form-data", "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--"],
    ["garbage after a delimiter", "--bx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--"],
  ])("refuses %s", (_label, text) => {
    expect(parseMultipart(Buffer.from(text), "b")).toBeNull();
  });

  it("answers no parts for a body that only closes", () => {
    expect(parseMultipart(Buffer.from("--b--\r\n"), "b")).toEqual([]);
  });
});
