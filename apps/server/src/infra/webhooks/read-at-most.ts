import type { Readable } from "node:stream";

/**
 * The first `maxChars` characters of a stream as UTF-8, then the stream is destroyed: an answer of
 * any size costs at most a few hundred bytes of memory.
 */
export async function readAtMost(stream: Readable, maxChars: number): Promise<string> {
  // A UTF-8 character is at most 4 bytes.
  const maxBytes = maxChars * 4;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= maxBytes) break;
    }
  } catch {
    // A connection cut mid-answer still leaves what arrived.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8").slice(0, maxChars);
}
