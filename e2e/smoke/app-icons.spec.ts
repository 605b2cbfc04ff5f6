// The favicon, the app icons and the web app manifest reach signed-out visitors
// (proxy.ts sends everything else to sign-in), and the pages link them.
import { expect, test, type APIRequestContext } from "@playwright/test";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** GET as a visitor without a session, following no redirect (a redirect to sign-in is the failure). */
async function fetchSignedOut(request: APIRequestContext, path: string, contentType: string): Promise<Buffer> {
  const response = await request.get(path, { maxRedirects: 0 });
  expect(response.status(), path).toBe(200);
  expect(response.headers()["content-type"], path).toContain(contentType);
  return response.body();
}

/** A PNG's width and height from its IHDR chunk. */
function pngSize(data: Buffer): string {
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  return `${data.readUInt32BE(16)}x${data.readUInt32BE(20)}`;
}

test("/favicon.ico is a real ICO of PNG images, for a visitor without a session", async ({ request }) => {
  const ico = await fetchSignedOut(request, "/favicon.ico", "image/x-icon");
  expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // reserved, type 1 = icon
  const count = ico.readUInt16LE(4);
  const sizes = Array.from({ length: count }, (_, i) => {
    const entry = 6 + 16 * i;
    const image = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
    expect(pngSize(image)).toBe(`${ico[entry]}x${ico[entry + 1]}`);
    return ico[entry];
  });
  expect(sizes).toEqual([16, 32, 48]);
});

test("the web app manifest installs the portal, and every icon it lists is there", async ({ request }) => {
  const body = await fetchSignedOut(request, "/manifest.webmanifest", "application/manifest+json");
  const manifest = JSON.parse(body.toString("utf8")) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({ name: "Hourglass", short_name: "Hourglass", start_url: "/", display: "standalone", theme_color: "#15803d", background_color: "#f8fafc" });
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
  for (const icon of manifest.icons) {
    expect(pngSize(await fetchSignedOut(request, icon.src, icon.type))).toBe(icon.sizes);
  }
  expect(pngSize(await fetchSignedOut(request, "/apple-touch-icon.png", "image/png"))).toBe("180x180");
  await fetchSignedOut(request, "/icon.svg", "image/svg+xml");
});

test("the sign-in page links the manifest, the favicon and the home-screen icon", async ({ page }) => {
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto("/sign-in");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", "/favicon.ico");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute("content", "#15803d");
  // Whatever the browser fetched for the page (its icon among them) arrived.
  expect(failed).toEqual([]);
});
