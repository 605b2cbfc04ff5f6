// Home: what needs the signed-in person now, each a link to where it is answered.
import Link from "next/link";
import type { Role } from "@/lib/generated/prisma/enums";
import type { HomeSummary } from "@/lib/home/load-home";

interface Need {
  count: number;
  text: string;
  href: string;
  testId: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function needsOf(role: Role, needs: HomeSummary["needs"]): Need[] {
  if (role === "ADMIN") return [{ count: needs.disputeQueue, text: `${plural(needs.disputeQueue, "dispute awaits", "disputes await")} your review`, href: "/admin/disputes", testId: "need-dispute-queue" }];
  const list: Need[] = [];
  if (role === "FREELANCER") {
    list.push({ count: needs.offers, text: `${plural(needs.offers, "offer", "offers")} to accept or decline`, href: "/contracts", testId: "need-offers" });
    list.push({ count: needs.disputes, text: `${plural(needs.disputes, "dispute", "disputes")} to answer`, href: "/disputes", testId: "need-disputes" });
  }
  list.push({ count: needs.unreadMessages, text: `${plural(needs.unreadMessages, "unread message", "unread messages")}`, href: "/messages", testId: "need-messages" });
  return list;
}

export function NeedsYou({ role, needs }: { role: Role; needs: HomeSummary["needs"] }) {
  const waiting = needsOf(role, needs).filter((n) => n.count > 0);
  if (waiting.length === 0) {
    return <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600" data-testid="needs-nothing">Nothing needs you right now.</p>;
  }
  return (
    <ul className="flex flex-wrap gap-3">
      {waiting.map((n) => (
        <li key={n.testId}>
          <Link href={n.href} data-testid={n.testId} className="inline-flex items-center gap-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900 hover:bg-amber-100">
            {n.text} →
          </Link>
        </li>
      ))}
    </ul>
  );
}
