// The files of a proof bundle (R15.4), as the portal writes them (lib/proof/bundle.ts) and the
// verifier reads them (verify.ts). proof-<contract>-<week>.zip holds:
//   manifest.json       Manifest: what the bundle is and each other file's SHA-256
//   records.jsonl       the chain's record texts, one a line, from the anchor's seq + 1 to the head
//   anchor.json         the latest seal of the contract sealed before the week began, or null (genesis)
//   seal.json           this week's seal, or null while the week is not sealed
//   segments.json       the portal's table's view of the week's segments (TableSegment[])
//   keys.json           BundleKeys: the portal's published keys and the contract's device keys
//   screenshots/<segmentId>.jpg  each live segment's screenshot, byte for byte as signed
import type { PortalKey, SignedSeal } from "./seal";

export const BUNDLE_VERSION = 1;

export const FILES = {
  manifest: "manifest.json",
  records: "records.jsonl",
  anchor: "anchor.json",
  seal: "seal.json",
  segments: "segments.json",
  keys: "keys.json",
} as const;

export function screenshotFile(segmentId: string): string {
  return `screenshots/${segmentId}.jpg`;
}

export interface Manifest {
  v: 1;
  contract: string;
  /** the week's Monday (R1.1), e.g. 2024-06-03 */
  week: string;
  createdAt: string;
  /** the portal that made the bundle */
  origin: string;
  files: Array<{ name: string; sha256: string }>;
}

export interface TableSegment {
  segmentId: string;
  slot: string;
  keyboard: number[];
  mouse: number[];
  memo: string;
  screenshotSha256: string | null;
  deleted: boolean;
}

export interface DeviceKey {
  keyId: string;
  publicKey: string;
  /** the tracker token's id, as segments name it */
  device: string;
  name: string;
  revokedAt: string | null;
}

export interface BundleKeys {
  portal: PortalKey[];
  devices: DeviceKey[];
}

export type { PortalKey, SignedSeal };

const WEEK_MS = 7 * 86_400_000;

/** The week's bounds in ms (R1.1: Monday 00:00 UTC to the next Monday, exclusive). */
export function weekBounds(week: string): { start: number; end: number } {
  const start = Date.parse(`${week}T00:00:00.000Z`);
  return { start, end: start + WEEK_MS };
}

/** The bundle's file name. */
export function bundleName(contract: string, week: string): string {
  return `proof-${contract}-${week}.zip`;
}
