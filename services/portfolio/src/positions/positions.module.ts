import { Module } from '@nestjs/common';
import { PortfolioKeeper } from './portfolio-keeper.js';
import { PositionsController } from './positions.controller.js';

/** Positions and PnL from fills, deduplicated by (venue, trade id). */
@Module({ controllers: [PositionsController], providers: [PortfolioKeeper] })
export class PositionsModule {}
