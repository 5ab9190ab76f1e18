// The one transport to the Mesa API: JSON in and out, the session cookie, the CSRF token (fetched
// once, fetched again and the request retried once when it went stale), the reader's language, and
// problem+json answers turned into ApiError. What each feature calls sits in features/<feature>/*-api.ts.

/** One field-level problem from a problem+json `errors` list. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** An API failure, parsed from RFC 9457 problem+json when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    readonly title = '',
  ) {
    super(detail || title || code);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How much of an upload has gone: bytes sent of the total. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** What an upload reports as it goes: `progress` while the body is sent, `sent` once all of it is (the server is working). */
export interface UploadListeners {
  progress?: (p: UploadProgress) => void;
  sent?: () => void;
}
const UNSAFE: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Paths may come as "a.b", "/a/b", "a[0].b" or ["a", 0, "b"], and may start with the part of
 * the request they are about ("body.phases.1.endsAt"); all become "phases.1.endsAt".
 */
export function normalisePath(path: unknown): string {
  const dotted = Array.isArray(path)
    ? path.join('.')
    : String(path ?? '')
        .replace(/\[(\d+)\]/g, '.$1')
        .replace(/\//g, '.')
        .replace(/^\.+/, '');
  return dotted.replace(/^(body|querystring|params|headers)\.(?=.)/, '');
}

/** Parse a failed response into an ApiError (problem+json when the server sent one). */
export async function toApiError(res: Response | { status: number; json: () => Promise<unknown> }): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON (a proxy error page, for instance): keep the status only
  }
  const errors = Array.isArray(body.errors)
    ? (body.errors as Array<Record<string, unknown>>).map((e) => ({
        path: normalisePath(e.path),
        message: String(e.message ?? ''),
      }))
    : [];
  const code = typeof body.code === 'string' ? body.code : res.status === 404 ? 'not-found' : 'generic';
  return new ApiError(res.status, code, String(body.detail ?? ''), errors, String(body.title ?? ''));
}

/** Fetch wrapper for the Mesa API; one per page, shared through `apiContext`. */
export class Http {
  private csrf: Promise<string> | null = null;

  constructor(public lang = 'en', private readonly base = '') {}

  private async token(): Promise<string> {
    this.csrf ??= this.request<{ token: string }>('GET', '/api/auth/csrf').then((r) => r.token);
    try {
      return await this.csrf;
    } catch (err) {
      this.csrf = null;
      throw err;
    }
  }

  /** Forget the CSRF token; the next write fetches the one bound to the new session. */
  resetCsrf(): void {
    this.csrf = null;
  }

  async request<T>(method: Method, path: string, body?: unknown, retried = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': this.lang };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (UNSAFE.has(method)) headers['x-csrf-token'] = await this.token();
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', '');
    }
    if (!res.ok) {
      const error = await toApiError(res);
      // A stale token (the session changed in another tab): fetch a fresh one and retry once.
      if (error.code === 'csrf' && !retried) {
        this.resetCsrf();
        return this.request<T>(method, path, body, true);
      }
      throw error;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * A POST of a file-sized body with upload progress: XMLHttpRequest, because fetch cannot
   * report the progress of a request body yet. Same headers, CSRF retry and errors as `request`.
   */
  async upload<T>(path: string, body: Blob | string, type: string, on: UploadListeners = {}, retried = false): Promise<T> {
    const token = await this.token();
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.base + path);
      xhr.withCredentials = true;
      xhr.setRequestHeader('content-type', type);
      xhr.setRequestHeader('accept', 'application/json');
      xhr.setRequestHeader('accept-language', this.lang);
      xhr.setRequestHeader('x-csrf-token', token);
      xhr.upload.onprogress = (e) => on.progress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
      xhr.upload.onload = () => on.sent?.();
      xhr.onerror = () => reject(new ApiError(0, 'network', ''));
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
      xhr.send(body);
    });
    if (res.status < 200 || res.status >= 300) {
      const error = await toApiError({ status: res.status, json: async () => JSON.parse(res.text) as unknown });
      if (error.code === 'csrf' && !retried) {
        this.resetCsrf();
        return this.upload<T>(path, body, type, on, true);
      }
      throw error;
    }
    return (res.text ? JSON.parse(res.text) : undefined) as T;
  }

  /**
   * A GET of a file, reporting the bytes received as they come (exports stream while the server
   * builds them, so the total is often unknown).
   */
  async download(path: string, onProgress: (received: number, total: number | null) => void, signal?: AbortSignal): Promise<Blob> {
    const res = await fetch(this.base + path, { credentials: 'same-origin', signal });
    if (!res.ok) throw await toApiError(res);
    const total = Number(res.headers.get('content-length')) || null;
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let received = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress(received, total);
    }
    return new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' });
  }
}
