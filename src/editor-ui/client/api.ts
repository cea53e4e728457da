/** The editor's JSON API (src/server/editor-api.ts), same origin, with the session cookie. */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function api(path: string, body?: unknown): Promise<ApiAnswer> {
  const res = await fetch(`/dashboard/editor/api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  let json: Record<string, unknown> = {};
  try {
    json = (await res.json()) as Record<string, unknown>;
  } catch {
    // an answer without a body: its status says enough
  }
  return { status: res.status, body: json };
}
