/** A small HTTP client for the API's JSON endpoints, acting as one role. */
export interface ApiResponse<Body = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: Body;
}

export type Json = Record<string, unknown>;

export function apiClient(baseUrl: string) {
  async function request<Body = Json>(
    method: string,
    path: string,
    options: {
      actor?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<Body>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.actor) headers['x-dev-actor'] = options.actor;
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && !headers['content-type'])
      headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text for the assertion message.
    }
    return { status: response.status, headers: response.headers, body: body as Body };
  }
  return {
    request,
    get: <Body = Json>(path: string, actor?: string) => request<Body>('GET', path, { actor }),
    post: <Body = Json>(
      path: string,
      actor: string,
      body: unknown = {},
      headers?: Record<string, string>,
    ) => request<Body>('POST', path, { actor, body, headers }),
    put: <Body = Json>(
      path: string,
      actor: string,
      body: unknown,
      headers?: Record<string, string>,
    ) => request<Body>('PUT', path, { actor, body, headers }),
    patch: <Body = Json>(
      path: string,
      actor: string,
      body: unknown,
      headers?: Record<string, string>,
    ) => request<Body>('PATCH', path, { actor, body, headers }),
  };
}

export const REGISTRAR = 'registrar:reg-1';
export const ASSESSOR = 'assessor:ass-1';
export const professional = (id: string) => `professional:${id}`;

/** A valid registration body; override fields per test. */
export function registration(overrides: Json = {}): Json {
  return {
    name: 'Fatima el Amrani',
    email: 'f.elamrani@maastricht.nl',
    municipality: 'Maastricht',
    sector: 'werk',
    diploma: { level: 'hbo', field: 'Sociaal Juridische Dienstverlening' },
    experienceYears: 6,
    codeSigned: true,
    ...overrides,
  };
}
