/**
 * Request limits shared by the sandbox's HTTP surfaces (Functions host, Durable API), as Azure Functions applies them
 * (learn.microsoft.com "Azure Functions HTTP trigger", Limits: "The HTTP request length is limited to 100 MB
 * (104,857,600 bytes), and the URL length is limited to 4 KB (4,096 bytes)"). Over them: 413 / 414, never a 500.
 */
export const MAX_HTTP_REQUEST_BODY_BYTES = 104_857_600;
export const MAX_HTTP_URL_BYTES = 4_096;
/** The Durable management API sits behind the same host limits. */
export const MAX_DURABLE_BODY_BYTES = MAX_HTTP_REQUEST_BODY_BYTES;

/** Query parameters whose values are keys: masked wherever a URL is written to a log. */
const SECRET_QUERY_PARAMETERS = /([?&](?:code|sig|key|systemKey|token)=)[^&#\s]*/gi;

/** A URL (or any text holding one) fit for a log line: key-bearing query values replaced by `<redacted>`. */
export function redactUrl(text: string): string {
  return text.replace(SECRET_QUERY_PARAMETERS, '$1<redacted>');
}
