"use client";
// Transaction History pages: the server renders the first page, this hook fetches
// the following ones by keyset cursor for the same filter.
import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "./api-client";
import { queryKeys } from "./keys";
import type { listTransactions } from "@/lib/reports/list-transactions";

export type TransactionsPage = Awaited<ReturnType<typeof listTransactions>>;

/** `filter` is the view's search string without a cursor, e.g. "type=HOURLY&from=2024-05-01". */
export function useTransactionPages(filter: string, firstPage: TransactionsPage) {
  return useInfiniteQuery({
    queryKey: queryKeys.reports.transactions(filter),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams(filter);
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<TransactionsPage>(`/api/ledger/transactions?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [firstPage], pageParams: [null] },
    // the server rendered the first page just now
    staleTime: 30_000,
  });
}
