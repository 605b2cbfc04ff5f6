import type { Locator } from "@playwright/test";

/** Waits until React has hydrated `element` (pages are server-rendered: a click before hydration is lost). */
export async function whenHydrated(element: Locator): Promise<void> {
  await element.evaluate((node) => new Promise<void>((resolve) => {
    const check = () => (Object.keys(node).some((key) => key.startsWith("__reactProps")) ? resolve() : setTimeout(check, 50));
    check();
  }));
}
