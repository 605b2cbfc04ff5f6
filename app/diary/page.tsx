import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { defaultDiaryContractId, findDiaryContract, listDiaryContracts } from "@/lib/diary/contracts";
import { loadDiaryDay } from "@/lib/diary/load-diary-day";
import { packDiaryDay } from "@/lib/diary/packed-day";
import { diarySearchSchema } from "@/lib/validation/diary";
import { WorkDiary } from "@/components/diary/work-diary";
import { now } from "@/lib/clock";
import { clientBillingStatus } from "@/lib/client-billing/charge-views";
import { ContractBillingStatus } from "@/components/billing/contract-billing-status";

export const metadata: Metadata = { title: "Work Diary" };

// /diary?contract=<id>&day=YYYY-MM-DD&tz=utc|mine|freelancer[&hours=all]: the server renders the chosen day
// (by default the most recently tracked contract, today, UTC), and the page takes over from there.
export default async function DiaryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser(["CLIENT", "FREELANCER", "ADMIN"]);
  const params = await searchParams;
  const search = diarySearchSchema.parse(params);
  // &hours=all: every hour drawn; by default runs of empty hours are folded (WorkDiary keeps it in the URL).
  const showEmpty = params.hours === "all";
  // With a contract in the URL, the picker's list and that contract load side by side.
  const [contracts, requested] = await Promise.all([listDiaryContracts(user), search.contract ? findDiaryContract(user, search.contract) : null]);
  // Choice: without one in the URL, the contract with the latest segment, else the first active one (defaultDiaryContractId).
  const contractId = search.contract ?? defaultDiaryContractId(contracts);
  if (!contractId) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Work Diary</h1>
        <p data-testid="diary-no-contracts" className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No contracts with a work diary yet. Time appears here once a contract is active and the freelancer tracks or adds time.
        </p>
      </div>
    );
  }
  // Someone not on the contract gets the same 404 as for a contract that does not exist.
  const contract = requested ?? (search.contract ? null : await findDiaryContract(user, contractId));
  if (!contract) notFound();
  const at = now();
  // R14.4 the freelancer sees whether the client's payment is verified and this contract's unpaid weeks
  const [day, billing] = await Promise.all([
    loadDiaryDay(user, { contractId, day: search.day, tz: search.tz }, at, contract),
    user.id === contract.freelancerId ? clientBillingStatus(contract.clientId, at, { contractId: contract.id }) : null,
  ]);
  // A contract reached by its link but left out of the picker (an offer) is still listed while shown.
  const options = contracts.some((c) => c.id === contract.id) ? contracts : [{ id: contract.id, title: contract.title, status: contract.status, party: "" }, ...contracts];
  // Packed: the day's cells and segments as tuples, a lighter RSC payload (lib/diary/packed-day.ts).
  const notice = billing ? { contractId: contract.id, content: <ContractBillingStatus status={billing} /> } : undefined;
  return <WorkDiary key={`${day.contract.id}|${day.day}|${day.tz}`} contracts={options} packed={packDiaryDay(day)} myZone={user.timezone} showEmpty={showEmpty} notice={notice} />;
}
