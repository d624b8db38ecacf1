const STD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Accepts what Go's base64.StdEncoding decodes, after the gateway strips a "data:...," prefix. */
export function isDecodableBase64(input: string): boolean {
  const comma = input.indexOf(",");
  const payload = (comma === -1 ? input : input.slice(comma + 1)).replace(/[\r\n]/g, "");
  return payload.length % 4 === 0 && STD_BASE64.test(payload);
}
