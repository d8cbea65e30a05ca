import { Module } from '@nestjs/common';
import { ReplayModule } from './replay/replay.module.js';

/**
 * The market-data service (market-data). This file is yours: projen wrote it once and
 * never overwrites it. Add controllers and providers here; keep trading rules in
 * @tradeforge/core and let this module be glue.
 */
@Module({
  imports: [ReplayModule],
  controllers: [],
  providers: [],
})
export class AppModule {}
