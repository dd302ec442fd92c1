/**
 * The HTTP status behind an error thrown by durable-functions' DurableClient, the one place the app reads it.
 *
 * The client cannot give it any other way: its axios instance accepts every status (`validateStatus: (status) =>
 * status < 600`) and turns a refusal into a plain Error whose only trace of the status is its text
 * (durable-functions 3.5.0, lib/src/durableClient/DurableClient.js; src/durableClient/DurableClient.ts upstream):
 * - line 658, createGenericError (startNew, and raiseEvent/getStatus on other statuses):
 *   "The operation failed with an unexpected status code: <status>. Details: <body>"
 * - line 241, raiseEvent on HTTP 404 (and the same text for terminate/rewind/suspend/resume):
 *   "No instance with ID '<id>' found."
 * - line 92, getStatus on HTTP 404: "... Durable Functions extension replied with HTTP 404 response. ..."
 * raiseEvent swallows a 410 (the instance has ended): it resolves as if the event were delivered (line 238).
 */
const unexpectedStatus = /\bstatus code: (\d{3})\b/;
const noSuchInstance = /^No instance with ID '.*' found\.$/;
const getStatusNotFound = /replied with HTTP 404 response/;

export function durableClientStatusOf(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  if (noSuchInstance.test(error.message) || getStatusNotFound.test(error.message)) return 404;
  const status = unexpectedStatus.exec(error.message)?.[1];
  return status === undefined ? undefined : Number(status);
}
