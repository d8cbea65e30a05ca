import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GATEWAY_CONFIG } from '../config/gateway-config.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { RateLimitExceededException } from '../rate-limit/rate-limit-exceeded.exception.js';
import { RATE_LIMITER } from '../rate-limit/rate-limiter.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { REQUIRED_SCOPE } from './require-scope.js';
import { InvalidTokenError } from './token-verifier.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/**
 * Every route under /api, in this order: a valid bearer token (401), the client's rate limit
 * (429, counted per token `sub` whatever the route), then the route's scope (403). Registered
 * globally, so a new /api controller cannot forget it; /health, /ready, /dashboard and the
 * OpenAPI pages (served outside the router) stay open.
 */
@Injectable()
export class ApiAccessGuard implements CanActivate {
  private readonly tokens: VerifiedTokenCache;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(RATE_LIMITER) private readonly rateLimiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {
    this.tokens = new VerifiedTokenCache(config.jwtSecret);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!isApiPath(request.path)) return true;

    const token = bearerToken(request.headers.authorization);
    try {
      request.client = await this.tokens.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(error.message);
      throw error;
    }

    const verdict = await this.rateLimiter.take(request.client.sub);
    if (!verdict.allowed) throw new RateLimitExceededException(request.client.sub, verdict.retryAfterSeconds);

    const scope = this.reflector.getAllAndOverride<string | undefined>(REQUIRED_SCOPE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (scope !== undefined && !request.client.scopes.has(scope)) {
      throw new ForbiddenException({
        title: 'Insufficient scope',
        status: 403,
        detail: `this route needs the scope "${scope}"; the token has "${[...request.client.scopes].join(' ')}"`,
      });
    }
    return true;
  }
}

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

function bearerToken(header: string | undefined): string {
  if (!header) throw unauthorized('send Authorization: Bearer <token> (npm run token prints one)');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
  return match[1]!;
}

function unauthorized(detail: string): UnauthorizedException {
  return new UnauthorizedException({ title: 'Unauthorized', status: 401, detail });
}
