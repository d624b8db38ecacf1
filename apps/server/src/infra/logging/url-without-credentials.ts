/** `url` with any `user:password@` removed, for banners and logs; text that is no URL is returned as is. */
export function urlWithoutCredentials(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return url;
  parsed.username = "";
  parsed.password = "";
  return parsed.toString();
}
