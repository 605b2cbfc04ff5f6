export { invalid, rule } from "@/lib/errors";
