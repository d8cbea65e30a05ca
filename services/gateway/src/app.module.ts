import { Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { GatewayConfigModule } from './config/gateway-config.module.js';
import { setUpOpenApi } from './openapi/set-up-openapi.js';
import { OrdersModule } from './orders/orders.module.js';
import { PortfolioModule } from './portfolio/portfolio.module.js';
import { ProblemDetailsModule } from './problem-details/problem-details.module.js';
import { StreamModule } from './stream/stream.module.js';
import { TradingStateModule } from './trading-state/trading-state.module.js';
import { UpstreamsModule } from './upstream/upstreams.js';

/**
 * The gateway service (gateway). This file is yours: projen wrote it once and
 * never overwrites it. Add controllers and providers here; keep trading rules in
 * @tradeforge/core and let this module be glue.
 *
 * The clients' way in (docs/architecture/gateway.md): JWT auth, per-client rate limits and
 * problem details on every /api route, one HTTP hop to the order, risk and portfolio services,
 * the WebSocket stream from the bus, OpenAPI at /api/docs.
 */
@Module({
  imports: [
    GatewayConfigModule,
    ProblemDetailsModule,
    AuthModule,
    UpstreamsModule,
    OrdersModule,
    PortfolioModule,
    TradingStateModule,
    StreamModule,
    DashboardModule,
  ],
  controllers: [],
  providers: [],
})
export class AppModule {
  /** Called by the runtime once the application exists: what needs the app itself. */
  static setUpApp(app: INestApplication): void {
    setUpOpenApi(app);
  }
}
