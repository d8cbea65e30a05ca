import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { AuthenticatedClient } from './token-verifier.js';

/** A request as the API guard sees it; `client` is set once its token is verified. */
export interface AuthenticatedRequest extends IncomingMessage {
  /** Express: the path without the query string. */
  readonly path: string;
  client?: AuthenticatedClient;
}

/** The calling client, in a handler of an /api route (the guard has authenticated it). */
export const Client = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedClient =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().client!,
);
