// The Download page in Chromium against the production build: what it says without a build, how the
// Work Diary's empty day leads to it, and a build written here (TRACKER_DIST_DIR, a throwaway folder
// scripts/e2e.ts gives the server) shown with its version, checksums and install lines, and downloaded.
import { readFileSync, rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "../fixtures";
import { contractId } from "../diary/support";
import { sha256Hex as sha256, writeTrackerDist } from "../../tests/support/tracker-dist";

const EXE = "hourglass-tracker-linux-x64";
const BUNDLE = "hourglass-tracker.cjs";
const portalVersion = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

function distDir(): string {
  const dir = process.env.TRACKER_DIST_DIR;
  // Only ever the e2e run's own throwaway folder: never a real build.
  if (!dir || !dir.includes("hourglass-e2e-")) throw new Error("TRACKER_DIST_DIR is not the e2e run's folder: run through scripts/e2e.ts");
  return dir;
}

/** A tiny build as `npm run tracker:build` lays it out (version.json, files, .sha256 beside each). */
function writeBuild(version: string): { exe: Buffer } {
  const dir = distDir();
  rmSync(dir, { recursive: true, force: true });
  const exe = Buffer.from(`\x7fELF fake tracker ${version}\n`.repeat(1000));
  writeTrackerDist(dir, version, [
    { name: EXE, data: exe, platform: "linux-x64" },
    { name: BUNDLE, data: Buffer.from("console.log('tracker');\n"), platform: "node20" },
  ]);
  return { exe };
}

test.describe.configure({ mode: "serial" });
test.afterAll(() => rmSync(distDir(), { recursive: true, force: true }));

test("without a build, the public page says what the operator must run", async ({ page }) => {
  rmSync(distDir(), { recursive: true, force: true });
  const res = await page.goto("/download");
  expect(res?.status()).toBe(200);
  await expect(page).toHaveURL(/\/download$/); // no sign-in needed
  await expect(page.getByRole("heading", { name: "Download the desktop tracker" })).toBeVisible();
  await expect(page.getByTestId("tracker-build-missing")).toContainText("not been built");
  await expect(page.getByTestId("tracker-build-missing")).toContainText("npm run tracker:build");
  await expect(page.getByTestId("install-line")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "What runs where" })).toBeVisible();
  await expect(page.getByText("Wayland without XWayland")).toBeVisible();
  const file = await page.request.get(`/download/${EXE}`);
  expect(file.status()).toBe(503);
  expect(await file.text()).toContain("npm run tracker:build");
});

test("the freelancer's empty Work Diary day links to the Download page; the client's does not", async ({ page, browser }) => {
  const id = await contractId("Mobile app development");
  const emptyDay = `/diary?contract=${id}&day=2024-05-01`; // before the contract started
  await signIn(page, "fiona", emptyDay);
  await expect(page.getByTestId("diary-empty")).toBeVisible();
  await page.getByTestId("diary-empty").getByRole("link", { name: "Download the tracker" }).click();
  await expect(page).toHaveURL(/\/download$/);
  await expect(page.getByRole("heading", { name: "Download the desktop tracker" })).toBeVisible();

  const client = await (await browser.newContext()).newPage();
  await signIn(client, "clara", emptyDay);
  await expect(client.getByTestId("diary-empty")).toBeVisible();
  await expect(client.getByRole("link", { name: "Download the tracker" })).toHaveCount(0);
  await client.context().close();
});

test("with this portal's build: version, files with checksums, install lines, and the files download", async ({ page, baseURL }) => {
  const { exe } = writeBuild(portalVersion);
  await page.goto("/download");
  await expect(page.getByTestId("tracker-version")).toContainText(`Version ${portalVersion}, the same as this portal`);
  const rows = page.getByTestId("tracker-file");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: EXE })).toContainText(sha256(exe));
  await expect(rows.filter({ hasText: EXE })).toContainText("Linux x64");
  await expect(rows.filter({ hasText: BUNDLE })).toContainText("Any system with Node 20 or later");
  await expect(page.getByTestId("install-line")).toHaveText([
    `curl -fLO ${baseURL}/download/${EXE} -O ${baseURL}/download/${EXE}.sha256`,
    `sha256sum -c ${EXE}.sha256`,
    `chmod +x ${EXE} && ./${EXE} login ${baseURL}`,
  ]);

  // Chromium downloads the file from its link, byte for byte.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: EXE, exact: true }).click()]);
  expect(download.suggestedFilename()).toBe(EXE);
  expect(sha256(readFileSync(await download.path()))).toBe(sha256(exe));

  // As curl would: no cookie, through the production server's headers.
  const anonymous = await page.context().browser()!.newContext();
  const res = await anonymous.request.get(`${baseURL}/download/${EXE}`, { maxRedirects: 0 });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/octet-stream");
  expect(res.headers()["content-length"]).toBe(String(exe.length));
  expect(res.headers()["etag"]).toBe(`"${sha256(exe)}"`);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["x-hourglass-content-length"]).toBeUndefined();
  const head = await anonymous.request.head(`${baseURL}/download/${EXE}`, { maxRedirects: 0 });
  expect(head.headers()["content-length"]).toBe(String(exe.length));
  const rest = await anonymous.request.get(`${baseURL}/download/${EXE}`, { headers: { range: "bytes=100-" }, maxRedirects: 0 });
  expect(rest.status()).toBe(206);
  expect(rest.headers()["content-length"]).toBe(String(exe.length - 100));
  expect((await rest.body()).equals(exe.subarray(100))).toBe(true);
  const sum = await anonymous.request.get(`${baseURL}/download/${EXE}.sha256`, { maxRedirects: 0 });
  expect(await sum.text()).toBe(`${sha256(exe)}  ${EXE}\n`);
  expect((await anonymous.request.get(`${baseURL}/download/version.json`, { maxRedirects: 0 })).status()).toBe(404);
  await anonymous.close();
});

test("a build of another version is not offered, and the page says to rebuild", async ({ page }) => {
  writeBuild("0.0.1-old");
  await page.goto("/download");
  await expect(page.getByTestId("tracker-build-missing")).toContainText(`version 0.0.1-old, but the portal is version ${portalVersion}`);
  await expect(page.getByTestId("tracker-build-missing")).toContainText("npm run tracker:build");
  await expect(page.getByTestId("tracker-file")).toHaveCount(0);
});
