"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "./api-client";
import type { SignInInput } from "@/lib/validation/auth";

export function useSignIn(callbackUrl: string) {
  const router = useRouter();
  return useMutation({
    mutationFn: (input: SignInInput) => apiFetch<{ ok: true }>("/api/session", { method: "POST", body: input }),
    onSuccess: () => {
      router.replace(callbackUrl);
      router.refresh(); // the layout re-renders with the new session
    },
  });
}

export function useSignOut() {
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ ok: true }>("/api/session", { method: "DELETE" }),
    onSuccess: () => {
      queryClient.clear(); // nothing of the previous user stays cached
      router.replace("/sign-in");
      router.refresh();
    },
  });
}
