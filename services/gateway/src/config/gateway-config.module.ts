import { Global, Module } from '@nestjs/common';
import { SERVICE_ENV } from '@tradeforge/runtime';
import { GATEWAY_CONFIG, loadGatewayConfig } from './gateway-config.js';

/** The gateway's validated settings (`GATEWAY_CONFIG`), for every feature module. */
@Global()
@Module({
  providers: [{ provide: GATEWAY_CONFIG, useFactory: loadGatewayConfig, inject: [SERVICE_ENV] }],
  exports: [GATEWAY_CONFIG],
})
export class GatewayConfigModule {}
