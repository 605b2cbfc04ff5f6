import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { settingsSectionsFor } from "./sections";

// /settings opens the first section the signed-in role has.
export default async function SettingsPage() {
  const user = await requirePageUser();
  redirect((settingsSectionsFor(user.role)[0] as { href: string }).href);
}
