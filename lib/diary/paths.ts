// Portal paths of a segment's screenshot, served by app/api/screenshots/[segmentId]/[variant]
// (the same as lib/ingest/stored-segment's screenshotUrls, which is server-only): the route checks
// that the viewer is on the contract, so the diary sends ids, not URLs.
export function screenshotPath(segmentId: string, variant: "full" | "thumb"): string {
  return `/api/screenshots/${segmentId}/${variant}`;
}
