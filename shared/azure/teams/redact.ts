/**
 * Removes a webhook URL and its secret parts from text (error messages, response bodies). A Workflows URL carries
 * its signature in the query string (sig=...), so the full URL, its path and every query value are hidden.
 */
export function redactWebhookUrl(text: string, webhookUrl: string): string {
  const secrets = new Set<string>([webhookUrl]);
  try {
    const url = new URL(webhookUrl);
    secrets.add(url.href);
    secrets.add(`${url.origin}${url.pathname}`);
    if (url.search.length > 1) secrets.add(url.search.slice(1));
    for (const value of url.searchParams.values()) if (value.length >= 6) secrets.add(value);
    for (const value of url.searchParams.values()) if (value.length >= 6) secrets.add(encodeURIComponent(value));
    const segments = url.pathname.split('/').filter((segment) => segment.length >= 16);
    for (const segment of segments) secrets.add(segment);
  } catch {
    // Not a parseable URL: the literal string is all we can hide.
  }
  let redacted = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) redacted = redacted.split(secret).join('[redacted]');
  return redacted;
}
