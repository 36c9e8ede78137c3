/** A reply through a click's or command's `response_url`, after the listener has returned (Bolt's `respond` is gone by then). */
export async function replyEphemeral(responseUrl: string, text: string): Promise<void> {
  const res = await fetch(responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text }),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}
