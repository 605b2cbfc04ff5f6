import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../fixtures";

// Transaction History loads without a console error. React names duplicate sibling keys
// only in development builds, and these tests run a production build, so the page's
// rendered React tree is also read from the DOM (each element carries its fiber) and
// every group of siblings must have distinct keys.

/** Keys that appear twice among the children of one React node, in the page's rendered tree. */
async function duplicateSiblingKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    interface Fiber { key: string | null; child: Fiber | null; sibling: Fiber | null; return: Fiber | null; tag: number; type: unknown }
    const el = document.querySelector("main");
    const prop = el && Object.keys(el).find((k) => k.startsWith("__reactFiber$"));
    if (!el || !prop) return ["no React fiber on <main>"];
    let root = (el as unknown as Record<string, Fiber>)[prop]!;
    while (root.return) root = root.return;
    const found: string[] = [];
    const stack: Fiber[] = [root];
    while (stack.length) {
      const f = stack.pop()!;
      const seen = new Set<string>();
      for (let c = f.child; c; c = c.sibling) {
        if (c.key !== null) {
          if (seen.has(c.key)) found.push(`"${c.key}" under ${typeof f.type === "function" ? f.type.name : String(f.type)}`);
          seen.add(c.key);
        }
        stack.push(c);
      }
    }
    return found;
  });
}

for (const who of ["fiona", "clara"] as const) {
  test(`${who}'s Transaction History logs no console error and renders no duplicate sibling key`, async ({ page }) => {
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`${m.text()} (${m.location().url})`);
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, who, "/reports/transactions");
    await expect(page.getByTestId("transactions-table")).toBeVisible();
    expect(await duplicateSiblingKeys(page)).toEqual([]);
    // a filtered view remounts the filters and the table; still no duplicate
    await page.getByRole("combobox", { name: "Type" }).selectOption("HOURLY");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/type=HOURLY/);
    await expect(page.getByTestId("transactions-window")).toBeVisible();
    expect(await duplicateSiblingKeys(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
}
