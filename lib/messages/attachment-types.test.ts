import { describe, expect, it } from "vitest";
import { cleanFileName, sniffAttachment, withExtension } from "./attachment-types";

const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

describe("sniffAttachment", () => {
  it.each([
    ["PNG", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "image/png"],
    ["JPEG", bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]), "image/jpeg"],
    ["GIF89a", bytes("GIF89a", [1, 0, 1, 0]), "image/gif"],
    ["GIF87a", bytes("GIF87a", [1, 0]), "image/gif"],
    ["WebP", bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "), "image/webp"],
    ["PDF", bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "application/pdf"],
    ["ASCII text", bytes("hello\tworld\r\n"), "text/plain"],
    ["UTF-8 text", new TextEncoder().encode("Grüße, 你好 👋\n"), "text/plain"],
  ])("accepts %s by its content", (_label, content, mime) => {
    expect(sniffAttachment(content)?.mime).toBe(mime);
  });

  it.each([
    ["empty", bytes()],
    ["a Windows executable", bytes("MZ", [0x90, 0, 3, 0])],
    ["a ZIP (docx, xlsx)", bytes("PK", [3, 4, 20, 0])],
    ["an ELF binary", bytes([0x7f], "ELF", [2, 1, 1])],
    ["text with a NUL byte", bytes("abc", [0], "def")],
    ["text with an escape sequence", bytes("abc", [0x1b], "[31m")],
    ["invalid UTF-8", bytes("abc", [0xc3, 0x28])],
    ["RIFF that is not WebP (WAV)", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt ")],
    ["UTF-16 text", bytes([0xff, 0xfe], "h", [0], "i", [0])],
  ])("refuses %s", (_label, content) => {
    expect(sniffAttachment(content)).toBeNull();
  });

  it("takes SVG markup for plain text only (served as text/plain, never as an image)", () => {
    expect(sniffAttachment(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))?.mime).toBe("text/plain");
  });

  it("ignores the name and declared type: an .exe renamed .png is still refused", () => {
    expect(sniffAttachment(bytes("MZ", [0x90, 0]))).toBeNull();
  });
});

describe("file names", () => {
  it.each([
    ["report.pdf", "report.pdf"],
    ["C:\\Users\\me\\shot.png", "shot.png"],
    ["../../etc/passwd", "passwd"],
    ['a"b\u0000c\nd.txt', "abcd.txt"],
    ["   ", "attachment"],
    ["...hidden", "hidden"],
  ])("cleans %j to %j", (input, output) => {
    expect(cleanFileName(input, 200)).toBe(output);
  });

  it("clips long names by characters, not bytes", () => {
    expect(cleanFileName("é".repeat(300), 200)).toHaveLength(200);
  });

  it("renames re-encoded images to .jpg", () => {
    expect(withExtension("Screenshot 2024-06-12.png", "jpg", 200)).toBe("Screenshot 2024-06-12.jpg");
    expect(withExtension("clipboard", "jpg", 200)).toBe("clipboard.jpg");
  });
});
