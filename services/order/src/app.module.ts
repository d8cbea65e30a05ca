import { Module } from '@nestjs/common';
import { OrdersModule } from './orders/orders.module.js';

/**
 * The order service (order). This file is yours: projen wrote it once and
 * never overwrites it. Add controllers and providers here; keep trading rules in
 * @tradeforge/core and let this module be glue.
 */
@Module({
  imports: [OrdersModule],
  controllers: [],
  providers: [],
})
export class AppModule {}
