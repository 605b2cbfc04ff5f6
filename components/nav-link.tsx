"use client";
// A header link that knows whether it is the current page: aria-current="page" for screen
// readers and the same look as the settings navigation's current section. `among` is every
// header link's href, so only the closest one is current (lib/navigation currentHref).
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { currentHref } from "@/lib/navigation";

export function NavLink({ href, among, className, currentClassName, otherClassName, describedBy, children }: {
  href: string;
  among: readonly string[];
  className: string;
  currentClassName: string;
  otherClassName: string;
  describedBy?: string;
  children: ReactNode;
}) {
  const current = currentHref(usePathname(), among) === href;
  return (
    <Link href={href} aria-current={current ? "page" : undefined} aria-describedby={describedBy} className={`${className} ${current ? currentClassName : otherClassName}`}>
      {children}
    </Link>
  );
}
