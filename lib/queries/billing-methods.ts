"use client";
// React Query hooks of Settings › Billing's methods (R14.1): list, add a card or bank account, answer
// a card's step-up challenge, confirm micro-deposits, make default, remove. `code` goes with the
// changes when two-step verification is on (R16.3).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BillingMethodView } from "@/lib/client-billing/methods";
import { apiFetch } from "./api-client";
import { queryKeys } from "./keys";

export type { BillingMethodView };

export function useBillingMethods(initialData?: BillingMethodView[]) {
  return useQuery({
    queryKey: queryKeys.billingMethods,
    queryFn: () => apiFetch<{ methods: BillingMethodView[] }>("/api/billing-methods").then((r) => r.methods),
    initialData,
  });
}

function useMethodsMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.billingMethods }) });
}

/** The body as typed: the server checks and normalizes it (lib/validation/billing-methods). */
export type AddBillingMethodBody =
  | { kind: "CARD"; cardNumber: string; expiry: string; cvc: string; code?: string }
  | { kind: "BANK_ACCOUNT"; accountHolder: string; routingNumber: string; accountNumber: string; code?: string };

export function useAddBillingMethod() {
  return useMethodsMutation((body: AddBillingMethodBody) => apiFetch<{ method: BillingMethodView }>("/api/billing-methods", { method: "POST", body }).then((r) => r.method));
}

export function useCompleteChallenge() {
  return useMethodsMutation(({ id, outcome }: { id: string; outcome: "complete" | "fail" }) =>
    apiFetch<{ method: BillingMethodView }>(`/api/billing-methods/${id}/challenge`, { method: "POST", body: { outcome } }).then((r) => r.method));
}

export function useConfirmMicrodeposits() {
  return useMethodsMutation(({ id, amounts }: { id: string; amounts: [number, number] }) =>
    apiFetch<{ method: BillingMethodView }>(`/api/billing-methods/${id}/microdeposits`, { method: "POST", body: { amounts } }).then((r) => r.method));
}

export function useSetDefaultBillingMethod() {
  return useMethodsMutation(({ id, code }: { id: string; code?: string }) => apiFetch<{ methods: BillingMethodView[] }>(`/api/billing-methods/${id}`, { method: "PATCH", body: { isDefault: true, code } }));
}

export function useRemoveBillingMethod() {
  return useMethodsMutation(({ id, code }: { id: string; code?: string }) => apiFetch<void>(`/api/billing-methods/${id}`, { method: "DELETE", body: code ? { code } : undefined }));
}
