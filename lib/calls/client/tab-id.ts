// The browser tab's id for calls: made once per tab and kept in sessionStorage (which each tab has
// its own of, and which survives a reload), so the server knows which of a user's tabs rang,
// answered and signals (callerTab, calleeTab).
const KEY = "hourglass-tab-id";
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
let fallback: string | undefined;

/** 22 random characters of [A-Za-z0-9_-] (132 bits), the form POST bodies accept (8-64 of them). */
export function newTabId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(22)), (b) => ALPHABET[b & 63]).join("");
}

export function tabId(): string {
  try {
    let id = sessionStorage.getItem(KEY);
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      id = newTabId();
      sessionStorage.setItem(KEY, id);
    }
    return id;
  } catch {
    // storage refused (some private modes): one id for this page's life
    fallback ??= newTabId();
    return fallback;
  }
}
