import { Module } from '@nestjs/common';
import { PositionsModule } from './positions/positions.module.js';

/**
 * The portfolio service (portfolio). This file is yours: projen wrote it once and
 * never overwrites it. Add controllers and providers here; keep trading rules in
 * @tradeforge/core and let this module be glue.
 */
@Module({
  imports: [PositionsModule],
  controllers: [],
  providers: [],
})
export class AppModule {}
