import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DEV_TOKEN_ISSUER } from '@tradeforge/runtime';
import { GATEWAY_CONFIG } from '../config/gateway-config.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { ApiAccessGuard } from './api-access.guard.js';
import { devTokenIssuer } from './dev-token.js';

/** Bearer tokens (HS256 JWT) on every /api route, with per-client rate limits and scopes. */
@Module({
  imports: [RateLimitModule],
  providers: [
    { provide: APP_GUARD, useClass: ApiAccessGuard },
    { provide: DEV_TOKEN_ISSUER, useFactory: devTokenIssuer, inject: [GATEWAY_CONFIG] },
  ],
  exports: [DEV_TOKEN_ISSUER],
})
export class AuthModule {}
