import { Module } from '@nestjs/common';
import { RiskGate } from './risk-gate.js';
import { TradingStateController } from './trading-state.controller.js';

/** Pre-trade risk on every order, and the trading state with its kill switch. */
@Module({ controllers: [TradingStateController], providers: [RiskGate], exports: [RiskGate] })
export class RiskModule {}
