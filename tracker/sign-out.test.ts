import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { paths, saveConfig } from "./config";
import { signOut } from "./sign-out";
import { newDeviceKey, saveDeviceKey } from "./device-key";

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe("signOut", () => {
  it("with the portal unreachable still forgets the token here, and says to revoke it on the portal", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "tracker-signout-")), "hourglass");
    const portalUrl = `http://127.0.0.1:${await closedPort()}`; // nothing listens there
    saveConfig({ portalUrl, token: "hgt_offline" }, dir);
    saveDeviceKey(newDeviceKey(), dir);
    const result = await signOut(dir);
    expect(result.revoked).toBe(false);
    expect(result.message).toMatch(new RegExp(`^Signed out here, but the portal could not revoke the token \\(Cannot reach the portal at ${portalUrl}.*Revoke it in Settings > Tracker on ${portalUrl}\\.$`));
    expect(existsSync(paths(dir).config)).toBe(false);
    expect(existsSync(paths(dir).deviceKey)).toBe(false); // R15.1 the key goes with its token
    expect(await signOut(dir)).toEqual({ revoked: false, message: "Not signed in." });
  });
});
