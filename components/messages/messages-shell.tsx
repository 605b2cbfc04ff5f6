// The Messages page frame: the conversation list beside the open conversation on
// wide screens; on a phone one or the other.
import type { ReactNode } from "react";

export function MessagesShell({ list, children, threadOpen }: { list: ReactNode; children: ReactNode; threadOpen: boolean }) {
  return (
    <div className="space-y-4">
      <h1 className={`text-2xl font-semibold ${threadOpen ? "sr-only lg:not-sr-only" : ""}`}>Messages</h1>
      <div className="grid gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <div className={threadOpen ? "hidden lg:block" : ""}>{list}</div>
        <div className={threadOpen ? "min-w-0" : "hidden lg:block"}>{children}</div>
      </div>
    </div>
  );
}
