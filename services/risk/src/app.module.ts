import { Module } from '@nestjs/common';
import { RiskModule } from './risk/risk.module.js';

/**
 * The risk service (risk). This file is yours: projen wrote it once and
 * never overwrites it. Add controllers and providers here; keep trading rules in
 * @tradeforge/core and let this module be glue.
 */
@Module({
  imports: [RiskModule],
  controllers: [],
  providers: [],
})
export class AppModule {}
