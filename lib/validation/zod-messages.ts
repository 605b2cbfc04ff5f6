// Plain words for what a schema did not word itself. Every field people fill in has its own message
// in its schema ("Enter a title."); this is the floor under the rest (a field sent with the wrong
// type by a script, a page size out of range), so zod's own English ("Invalid input: expected
// string, received undefined", "Too big: expected string to have <=254 characters", enum names
// joined by "|") never reaches a page or an API answer. A schema's own message always wins.
import { z } from "zod";

type Issue = Parameters<NonNullable<z.core.$ZodConfig["customError"]>>[0];

const TYPE_WORDS: Record<string, string> = {
  string: "Enter text here.",
  number: "Enter a number.",
  int: "Enter a whole number.",
  boolean: "Choose yes or no.",
  array: "Send a list here.",
  date: "Enter a date.",
};

const FORMAT_WORDS: Record<string, string> = {
  email: "Enter a valid email address, like name@example.com.",
  uuid: "This is not a valid ID.",
  guid: "This is not a valid ID.",
  datetime: "Enter an instant such as 2024-06-01T00:00:00Z.",
  date: "Enter a date such as 2024-06-01.",
};

const UNITS: Record<string, string> = { string: "characters", array: "items" };

/** The message for an issue no schema worded, without the field's name (a form shows it beside the field; summaries add the label). */
export function plainMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "This is required.";
      // a request whose body is not an object at all (path [] is the whole body)
      if (issue.expected === "object" && !issue.path?.length) return "Send the fields as a JSON object.";
      return TYPE_WORDS[issue.expected] ?? "This value is not valid here.";
    case "too_big": {
      const unit = UNITS[issue.origin];
      const max = Number(issue.maximum).toLocaleString("en-US");
      return unit ? `Use at most ${max} ${unit}.` : `Use at most ${max}.`;
    }
    case "too_small": {
      const unit = UNITS[issue.origin];
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "This is required.";
      const min = Number(issue.minimum).toLocaleString("en-US");
      return unit ? `Use at least ${min} ${unit}.` : `Use at least ${min}.`;
    }
    case "invalid_format":
      return FORMAT_WORDS[issue.format] ?? "This is not in the expected form.";
    // Choice: an option outside the list is refused without listing stored names; the schemas people
    // meet list their choices by label (field-labels chooseOne).
    case "invalid_value":
    case "invalid_union":
      return "Choose one of the options offered.";
    case "unrecognized_keys":
      return "Leave out fields this request does not take.";
    default:
      return "This value is not valid here.";
  }
}

z.config({ customError: plainMessage });
