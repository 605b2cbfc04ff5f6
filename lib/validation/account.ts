// Issue 16, keeping an account: the forgotten-password request, the reset, and Settings › Account's forms.
// The new password's strength is checked by the service (lib/auth/password-policy.ts needs the account's
// email and name); here only its shape.
import { z } from "zod";
import { signInSchema } from "./auth";
import { text } from "./text";

const email = signInSchema.shape.email;
const newPassword = text("Choose a new password.").min(1, "Choose a new password.");
const currentPassword = text("Enter your current password.").min(1, "Enter your current password.").max(1024, "That is not your current password.");
// Choice: the raw token of an emailed link is 43 base64url characters; anything far longer is no token.
const token = text("Open the whole link from the email.").min(1, "Open the whole link from the email.").max(200, "This link is not valid. Check that you opened the whole link from the email.");

export const passwordResetRequestSchema = z.object({ email });
export type PasswordResetRequestInput = z.infer<typeof passwordResetRequestSchema>;

export const passwordResetSchema = z.object({ token, password: newPassword });
export type PasswordResetInput = z.infer<typeof passwordResetSchema>;

export const passwordChangeSchema = z.object({ currentPassword, newPassword });
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;

export const emailChangeSchema = z.object({ newEmail: email, currentPassword });
export type EmailChangeInput = z.infer<typeof emailChangeSchema>;

export const emailChangeConfirmSchema = z.object({ token });
