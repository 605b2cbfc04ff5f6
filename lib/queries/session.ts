"use client";
import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "./api-client";
import type { SignInInput } from "@/lib/validation/auth";

// After signing in or out, a full page load: the client router's cache still
// holds pages rendered for the previous session (e.g. the redirect to sign-in),
// and nothing of the previous user may stay in memory.
function reloadAt(path: string): void {
  window.location.href = path;
}

export function useSignIn(callbackUrl: string) {
  return useMutation({
    mutationFn: (input: SignInInput) => apiFetch<{ ok: true }>("/api/session", { method: "POST", body: input }),
    onSuccess: () => reloadAt(callbackUrl),
  });
}

export function useSignOut() {
  return useMutation({
    mutationFn: () => apiFetch<{ ok: true }>("/api/session", { method: "DELETE" }),
    onSuccess: () => reloadAt("/sign-in"),
  });
}
