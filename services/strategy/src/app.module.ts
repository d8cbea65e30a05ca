import { Module } from '@nestjs/common';
import { LiveStrategiesModule } from './live/live.module.js';

/**
 * The strategy service (strategy). This file is yours: projen wrote it once and
 * never overwrites it. Add controllers and providers here; keep trading rules in
 * @tradeforge/core and let this module be glue.
 */
@Module({
  imports: [LiveStrategiesModule],
  controllers: [],
  providers: [],
})
export class AppModule {}
