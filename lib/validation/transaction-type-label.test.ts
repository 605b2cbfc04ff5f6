// A REVERSAL is named by what it reverses: a failed payout, or (R14.4) a written-off charge's held earnings.
import { describe, expect, it } from "vitest";
import { transactionTypeLabel } from "./money";

describe("transactionTypeLabel", () => {
  it("names a payout's reversal and a write-off's reversal apart; other types keep their one label", () => {
    expect(transactionTypeLabel("REVERSAL", "HG-WDR-2024W24-7K3M9Q2XPA-R")).toBe("Payout returned");
    expect(transactionTypeLabel("REVERSAL", "HG-WDR-2024W24-7K3M9Q2XPA-RF")).toBe("Payout returned");
    expect(transactionTypeLabel("REVERSAL", "HG-INV-2024W23-7K3M9Q2XPA-CX")).toBe("Reversed at write-off");
    expect(transactionTypeLabel("REVERSAL", "HG-INV-2024W23-7K3M9Q2XPA-CXW")).toBe("Reversed at write-off");
    expect(transactionTypeLabel("REVERSAL", "HG-ADJ-2024W23-OTHER")).toBe("Reversal");
    expect(transactionTypeLabel("WRITE_OFF", "HG-CHG-2024W23-7K3M9Q2XPA-X")).toBe("Write-off");
    expect(transactionTypeLabel("HOLD", "HG-INV-2024W23-7K3M9Q2XPA-CH")).toBe("Hold");
  });
});
