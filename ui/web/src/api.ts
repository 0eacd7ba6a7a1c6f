// Calls to the UI server's JSON API. The CSRF token comes from /api/user and goes on every write.

let csrfToken = '';

export class ApiError extends Error {
  constructor(public status: number, message: string) { super(message); }
}

export function setCsrfToken(token: string) { csrfToken = token; }

async function errorText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const json = JSON.parse(text);
    if (json && typeof json.message === 'string' && json.message) return json.message;
    if (json && typeof json.error === 'string') return json.error;
  } catch { /* plain text, as Loki answers errors */ }
  return text.trim() || `HTTP ${res.status} ${res.statusText}`;
}

export async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  if (!res.ok) {
    const message = await errorText(res);
    if (res.status === 401 && !url.endsWith('/api/login') && !url.endsWith('/api/user/password')) {
      window.dispatchEvent(new CustomEvent('plg-unauthorized'));
    }
    throw new ApiError(res.status, message);
  }
  return (await res.json()) as T;
}

export const get = <T>(url: string, signal?: AbortSignal) => request<T>('GET', url, undefined, signal);

export interface User { login: string; csrfToken: string; mustChangePassword: boolean }
export interface DataSourceInfo { uid: string; name: string; type: string; url: string; isDefault: boolean; jsonData: Record<string, unknown> }
export interface Settings { datasources: DataSourceInfo[]; defaultDatasource?: string; homeDashboardUid?: string }
export interface SearchHit { uid: string; title: string; url: string; folderTitle: string; tags: string[] }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface DashboardResponse { dashboard: any; meta: { folderTitle: string; provisioned: boolean; url: string } }
