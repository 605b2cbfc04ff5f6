// One layout for every email: plain text and the same words as escaped HTML.
// Pure: no I/O, so callers render inside their transaction and tests read it directly.
import { APP_NAME, BRAND_COLOR } from "@/lib/config/brand";

export interface EmailContent {
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
}

export interface RenderedEmail {
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Only http(s) links become buttons: a javascript: or data: URL in an email is refused, not escaped. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error(`An email link must be http(s), got ${parsed.protocol}`);
  return parsed.href;
}

export function renderEmail({ heading, paragraphs, action, footer }: EmailContent): RenderedEmail {
  const url = action ? safeUrl(action.url) : null;
  const text = [heading, "", ...paragraphs.flatMap((p) => [p, ""]), ...(action && url ? [`${action.label}: ${url}`, ""] : []), "-- ", footer ?? APP_NAME].join("\n");
  const p = (s: string) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(s)}</p>`;
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">`,
    `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(heading)}</h1>`,
    ...paragraphs.map(p),
    ...(action && url ? [`<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="background:${BRAND_COLOR};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>`, `<p style="font-size:12px;color:#6b7280;word-break:break-all">${escapeHtml(url)}</p>`] : []),
    `<p style="font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb;padding-top:12px">${escapeHtml(footer ?? APP_NAME)}</p>`,
    `</body></html>`,
  ].join("\n");
  return { text, html };
}
