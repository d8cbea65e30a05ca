import { Global, Module } from '@nestjs/common';
import { GATEWAY_CONFIG } from '../config/gateway-config.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { UpstreamClient } from './upstream-client.js';

/** The services behind the gateway, one HTTP hop each (URLs from the service directory). */
export const ORDER_SERVICE = Symbol('ORDER_SERVICE');
export const RISK_SERVICE = Symbol('RISK_SERVICE');
export const PORTFOLIO_SERVICE = Symbol('PORTFOLIO_SERVICE');

@Global()
@Module({
  providers: [
    {
      provide: ORDER_SERVICE,
      useFactory: (c: GatewayConfig) => new UpstreamClient('order service', c.upstreams.order),
      inject: [GATEWAY_CONFIG],
    },
    {
      provide: RISK_SERVICE,
      useFactory: (c: GatewayConfig) => new UpstreamClient('risk service', c.upstreams.risk),
      inject: [GATEWAY_CONFIG],
    },
    {
      provide: PORTFOLIO_SERVICE,
      useFactory: (c: GatewayConfig) => new UpstreamClient('portfolio service', c.upstreams.portfolio),
      inject: [GATEWAY_CONFIG],
    },
  ],
  exports: [ORDER_SERVICE, RISK_SERVICE, PORTFOLIO_SERVICE],
})
export class UpstreamsModule {}
