import { describe, expect, it } from "vitest";
import { escapeHtml, renderEmail } from "./render";

describe("renderEmail", () => {
  const mail = renderEmail({
    heading: "Offer from <Acme & Co>",
    paragraphs: ['Rate "$50/h" <script>alert(1)</script>', "Second paragraph"],
    action: { label: "Open the offer", url: "https://portal.example.test/offers/1?a=1&b=2" },
    footer: "You get this because offers reach you by email.",
  });

  it("writes plain text with the words as given and the link spelled out", () => {
    expect(mail.text).toBe(
      [
        "Offer from <Acme & Co>",
        "",
        'Rate "$50/h" <script>alert(1)</script>',
        "",
        "Second paragraph",
        "",
        "Open the offer: https://portal.example.test/offers/1?a=1&b=2",
        "",
        "-- ",
        "You get this because offers reach you by email.",
      ].join("\n"),
    );
  });

  it("escapes every caller string in the HTML", () => {
    expect(mail.html).toContain("Offer from &lt;Acme &amp; Co&gt;");
    expect(mail.html).toContain("Rate &quot;$50/h&quot; &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain('href="https://portal.example.test/offers/1?a=1&amp;b=2"');
  });

  it("refuses a link that is not http(s)", () => {
    expect(() => renderEmail({ heading: "x", paragraphs: [], action: { label: "x", url: "javascript:alert(1)" } })).toThrow(/http/);
  });

  it("ends with the portal's name when no footer is given", () => {
    expect(renderEmail({ heading: "Hi", paragraphs: [] }).text.endsWith("-- \nHourglass")).toBe(true);
  });

  it("escapes the five HTML specials", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});
