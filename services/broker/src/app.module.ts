import { Module } from '@nestjs/common';
import { BrokerModule } from './routing/broker.module.js';

/**
 * The broker service (broker). This file is yours: projen wrote it once and
 * never overwrites it. Add controllers and providers here; keep trading rules in
 * @tradeforge/core and let this module be glue.
 */
@Module({
  imports: [BrokerModule],
  controllers: [],
  providers: [],
})
export class AppModule {}
