import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimitExceededException } from '../rate-limit/rate-limit-exceeded.exception.js';

/** RFC 9457 problem details, as every gateway error is sent. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  /** 400: each field at fault. */
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
  /** Anything else the thrower attached, e.g. the existing `order` of a 409. */
  readonly [extension: string]: unknown;
}

/**
 * Every error the gateway answers, as `application/problem+json`: HttpExceptions keep their
 * title, detail, errors[] and extensions (the services behind the gateway answer in the same
 * shape, so theirs pass through); Nest's plain errors and malformed JSON bodies are translated;
 * anything else is a 500 whose cause goes to the log, not the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const request = host.switchToHttp().getRequest<IncomingMessage & { originalUrl?: string }>();
    const response = host.switchToHttp().getResponse<ServerResponse>();
    const problem = {
      ...toProblem(exception, this.logger),
      instance: (request.originalUrl ?? request.url ?? '').split('?')[0],
    };
    if (response.headersSent) return;
    if (exception instanceof RateLimitExceededException) {
      response.setHeader('retry-after', String(exception.retryAfterSeconds));
    }
    response.statusCode = problem.status;
    response.setHeader('content-type', 'application/problem+json; charset=utf-8');
    response.end(JSON.stringify(problem));
  }
}

function toProblem(exception: unknown, logger: Logger): ProblemDetails {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    // The express adapter maps body-parser's SyntaxError (malformed JSON) to a bare 400.
    if (status === 400 && exception.cause instanceof SyntaxError) {
      const detail = exception.cause.message;
      return problem(status, { detail, errors: [{ field: '(body)', message: `must be valid JSON: ${detail}` }] });
    }
    if (typeof body === 'string') return problem(status, { detail: body });
    const { message, error, statusCode: _statusCode, ...rest } = body as Record<string, unknown>;
    return problem(status, {
      ...(typeof error === 'string' ? { title: error } : {}),
      ...(message !== undefined ? { detail: Array.isArray(message) ? message.join('; ') : String(message) } : {}),
      ...rest,
    });
  }
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return problem(HttpStatus.INTERNAL_SERVER_ERROR, { detail: 'the gateway failed to handle the request' });
}

function problem(status: number, fields: Record<string, unknown>): ProblemDetails {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', ...fields, status };
}
