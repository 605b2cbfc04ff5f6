import { z } from "zod";
import { text } from "./text";

export const signInSchema = z.object({
  email: text().trim().min(1, "Enter your email address.").max(254).email("Enter a valid email address, like name@example.com."),
  password: text().min(1, "Enter your password.").max(1024),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const trackerTokenCreateSchema = z.object({
  name: text().trim().min(1, "Give the token a name, such as the computer it is for.").max(80, "Use at most 80 characters."),
});
