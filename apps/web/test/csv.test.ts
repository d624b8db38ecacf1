import { describe, expect, it } from "vitest";
import { toCsv } from "../src/csv";

describe("CSV", () => {
  it("quotes only fields that need it, doubling quotes, with CRLF line ends", () => {
    expect(
      toCsv(
        ["id", "text"],
        [
          ["a", 'say "oi", then\nleave'],
          ["b", null],
        ],
      ),
    ).toBe('id,text\r\na,"say ""oi"", then\nleave"\r\nb,');
  });
});
