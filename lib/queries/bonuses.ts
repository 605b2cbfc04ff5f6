"use client";
// Bonuses of one contract (R8): the list, and paying one under an idempotency key.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./api-client";
import { queryKeys } from "./keys";
import type { BonusView } from "@/lib/bonuses/pay-bonus";

export function useContractBonuses(contractId: string) {
  return useQuery({
    queryKey: queryKeys.bonuses.contract(contractId),
    queryFn: () => apiFetch<{ bonuses: BonusView[] }>(`/api/bonuses?contractId=${contractId}`).then((r) => r.bonuses),
  });
}

export interface PayBonusForm {
  amountCents: number;
  memo: string;
  /** one per form instance: a retry (double click, lost answer) pays once */
  idempotencyKey: string;
}

export function usePayBonus(contractId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PayBonusForm) => apiFetch<{ bonus: BonusView; replayed: boolean }>("/api/bonuses", { method: "POST", body: { contractId, ...input } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.bonuses.contract(contractId) }),
  });
}
