import { BadGatewayException, HttpException } from '@nestjs/common';

/** How long the gateway waits for a service before answering 502. */
const TIMEOUT_MS = 10_000;

/**
 * One internal service, called over HTTP with JSON. A 2xx answer returns its body; a 4xx passes
 * through to the client with the service's problem details (400 fields, 404, 409 with the
 * order); no answer or a 5xx becomes 502 naming the service.
 */
export class UpstreamClient {
  constructor(
    /** The service's name in messages: `order service`. */
    readonly name: string,
    readonly baseUrl: string,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw this.unavailable(`${method} ${path}: ${(error as Error).message}`);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok) return parsed as T;
    if (response.status >= 400 && response.status < 500) {
      const problem = typeof parsed === 'object' && parsed !== null ? parsed : { detail: text.slice(0, 500) };
      throw new HttpException(problem as Record<string, unknown>, response.status);
    }
    throw this.unavailable(`${method} ${path} answered ${response.status}`);
  }

  private unavailable(detail: string): BadGatewayException {
    return new BadGatewayException({ title: `The ${this.name} is unavailable`, status: 502, detail });
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
