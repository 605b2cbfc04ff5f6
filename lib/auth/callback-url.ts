// Where sign-in sends the browser afterwards: a path on this portal, never another site.
// A prefix test is not enough: browsers read "/\evil.example" and "/<TAB>/evil.example" as
// "//evil.example", so the value is resolved the way a browser would, against the
// portal's origin, and kept only when the origin did not change.

/** The same-origin path (pathname + search + hash) that `raw` leads to, or "/" when it leaves `origin`. */
export function safeCallbackPath(raw: string | null | undefined, origin: string): string {
  if (!raw || !URL.canParse(origin)) return "/";
  const base = new URL(origin);
  if (!URL.canParse(raw, base)) return "/";
  const url = new URL(raw, base);
  if (url.origin !== base.origin) return "/";
  // A same-origin URL can still have a path that, on its own, reads as another host ("//evil").
  if (url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
