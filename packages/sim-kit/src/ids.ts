import { randomFillSync, randomUUID } from "node:crypto";

// One syscall per 4 KiB of entropy instead of one per id: the sim is benchmarked at 10k+ sends/s.
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

function takeRandomBytes(count: number): Buffer {
  if (poolOffset + count > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const slice = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return slice;
}

/** WhatsApp Web style id as whatsmeow and Baileys generate it: "3EB0" + 18 upper-case hex digits. */
export function newMessageId(): string {
  return `3EB0${takeRandomBytes(9).toString("hex").toUpperCase()}`;
}

/** whatsmeow's deprecated package-level GenerateMessageID: "3EB0" + 16 upper-case hex digits. */
export function newShortMessageId(): string {
  return `3EB0${takeRandomBytes(8).toString("hex").toUpperCase()}`;
}

export function newUuid(): string {
  return randomUUID();
}

/** A plausible Brazilian mobile number, digits only, used as the paired account's own number. */
export function newPhoneNumber(): string {
  const bytes = takeRandomBytes(8);
  let digits = "55119";
  for (const byte of bytes) digits += String(byte % 10);
  return digits;
}
