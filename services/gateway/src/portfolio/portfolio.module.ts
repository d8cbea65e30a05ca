import { Module } from '@nestjs/common';
import { StreamModule } from '../stream/stream.module.js';
import { PortfolioController } from './portfolio.controller.js';

/** Positions, account, equity curve and fills. */
@Module({ imports: [StreamModule], controllers: [PortfolioController] })
export class PortfolioModule {}
