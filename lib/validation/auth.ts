import { z } from "zod";
import { text } from "./text";

export const signInSchema = z.object({
  email: text("Enter your email address.").trim().min(1, "Enter your email address.").max(254, "Use at most 254 characters.").email("Enter a valid email address, like name@example.com."),
  password: text("Enter your password.").min(1, "Enter your password.").max(1024, "Use at most 1,024 characters."),
  /** R16.3 the second step: a code from the authenticator app or a recovery code, when two-step verification is on */
  code: text("Enter the 6-digit code from your authenticator app.").trim().max(32, "Use at most 32 characters.").optional(),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const trackerTokenCreateSchema = z.object({
  name: text("Give the token a name, such as the computer it is for.").trim().min(1, "Give the token a name, such as the computer it is for.").max(80, "Use at most 80 characters."),
});
