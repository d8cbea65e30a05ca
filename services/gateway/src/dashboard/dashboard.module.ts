import { Module } from '@nestjs/common';
import { DashboardAssets } from './dashboard-assets.js';
import { DashboardController } from './dashboard.controller.js';

/**
 * The operator dashboard: static HTML, CSS and ES modules under /dashboard/ that talk to the
 * gateway's own /api and /api/stream (docs/architecture/dashboard.md).
 */
@Module({
  controllers: [DashboardController],
  providers: [{ provide: DashboardAssets, useFactory: () => new DashboardAssets() }],
})
export class DashboardModule {}
