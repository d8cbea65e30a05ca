import { VenueError } from './venue-error.js';

/** A venue's HTTP answer, whatever its status. */
export interface VenueHttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  readonly body: unknown;
}

export interface VenueHttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

/**
 * One HTTP exchange with a venue. Failures without an answer become VenueErrors that say whether
 * the request may have been processed: a refused connection (`unreachable`) was not; a timeout
 * or a connection dropped mid-way (`timeout`, `network`) may have been.
 */
export async function venueHttp(venue: string, request: VenueHttpRequest): Promise<VenueHttpResponse> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseJson(text) };
  } catch (error) {
    throw httpFailure(venue, request, error);
  }
}

function httpFailure(venue: string, request: VenueHttpRequest, error: unknown): VenueError {
  const what = `${request.method} ${new URL(request.url).pathname}`;
  if (request.signal.aborted) return new VenueError(venue, 'timeout', `${what}: no answer in time`);
  const code = errorCode(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new VenueError(venue, 'unreachable', `${what}: ${code}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new VenueError(venue, 'network', `${what}: connection failed (${code ?? message})`);
}

function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `Retry-After` (seconds, as both venues send it) in ms, if present. */
export function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : undefined;
}
