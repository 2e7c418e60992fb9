/** A client of the backend as a signed-in demo user would drive it. */
export async function signIn(backendUrl: string, user: string): Promise<string> {
  const res = await fetch(`${backendUrl}/api/auth/demo/refresh`, { headers: { 'x-demo-user': user } });
  if (!res.ok) throw new Error(`Sign-in as ${user} answered ${res.status}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

export function client(backendUrl: string, token: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${backendUrl}/api/access-governance${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown = {}) => call('POST', path, body),
  };
}
