import type { Instance, InstanceChanges } from "../api/types";
import { Card } from "./common";

/** The instance's `checkRecipients` switch, saved as soon as it is flipped. */
export function RecipientCheckSetting({
  instance,
  save,
}: {
  instance: Instance;
  save: (changes: InstanceChanges, what: string) => Promise<void>;
}) {
  const flip = (checkRecipients: boolean) =>
    void save(
      { checkRecipients },
      checkRecipients ? "Recipients will be checked." : "Recipients are no longer checked.",
    );
  return (
    <Card title="Recipient check">
      <label className="check">
        <input
          type="checkbox"
          name="checkRecipients"
          checked={instance.checkRecipients}
          onChange={(e) => flip(e.target.checked)}
        />
        Check that a number is on WhatsApp before its first message
      </label>
      <p className="muted">
        A number without WhatsApp then fails (NOT_ON_WHATSAPP) with nothing sent. Answers are reused for 30
        days by default; each lookup is paced like a send.
      </p>
    </Card>
  );
}
