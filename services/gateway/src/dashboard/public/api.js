/**
 * The gateway's REST API with a bearer token. A non-2xx answer becomes an ApiError carrying the
 * problem details (title, detail, errors[]) the gateway sends, so the page can show them as is.
 */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ title?: string, detail?: string, errors?: { field: string, message: string }[] }} problem
   */
  constructor(status, problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.title = problem.title ?? `Request failed (HTTP ${status})`;
    this.detail = problem.detail ?? '';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

/**
 * @param {() => string} token the current token, read on every call
 * @param {(error: ApiError) => void} onUnauthorized called on 401 (missing, invalid or expired token)
 */
export function createApi(token, onUnauthorized) {
  /** @param {string} method @param {string} path @param {unknown} [body] */
  async function request(method, path, body) {
    let response;
    try {
      response = await fetch(`/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token()}`,
          accept: 'application/json, application/problem+json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, { title: 'The gateway is unreachable', detail: `${method} /api${path} got no answer` });
    }
    const text = await response.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed;
    const problem = parsed && typeof parsed === 'object' ? parsed : { detail: text.slice(0, 200) };
    if (response.status === 429) {
      const wait = response.headers.get('retry-after');
      if (wait && !problem.detail) problem.detail = `Try again in ${wait} s.`;
    }
    const error = new ApiError(response.status, problem);
    if (response.status === 401) onUnauthorized(error);
    throw error;
  }
  return {
    /** @param {string} path */
    get: (path) => request('GET', path),
    /** @param {string} path @param {unknown} body */
    post: (path, body) => request('POST', path, body),
    /** @param {string} path @param {unknown} body */
    put: (path, body) => request('PUT', path, body),
  };
}
