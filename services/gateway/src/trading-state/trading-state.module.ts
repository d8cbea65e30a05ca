import { Module } from '@nestjs/common';
import { TradingStateController } from './trading-state.controller.js';

/** ACTIVE / REDUCING / HALTED, through the risk service. */
@Module({ controllers: [TradingStateController] })
export class TradingStateModule {}
