// How message times read, in the viewer's own time zone (their profile's, so the
// server's first render and the browser agree). Pure: no "now".
const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

/** "15:05" */
export function messageTime(iso: string, timeZone: string): string {
  return formatter(timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

/** "Wed 12 Jun 2024": the label between days in a thread */
export function messageDay(iso: string, timeZone: string): string {
  return formatter(timeZone, { weekday: "short", day: "numeric", month: "short", year: "numeric" }).format(new Date(iso)).replace(",", "");
}

/** "12 Jun, 15:05": the conversation list's last-activity stamp */
export function messageStamp(iso: string, timeZone: string): string {
  return formatter(timeZone, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

/** "1.2 MB", "830 KB", "12 bytes" */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** One line for the conversation list: the body's start, or what was attached. */
export function preview(body: string, attachmentCount: number): string {
  const text = body.replace(/\s+/g, " ").trim();
  if (text) return text;
  if (attachmentCount > 0) return attachmentCount === 1 ? "1 attachment" : `${attachmentCount} attachments`;
  return "";
}
