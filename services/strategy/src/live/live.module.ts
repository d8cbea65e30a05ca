import { Module } from '@nestjs/common';
import { StrategyRunner } from './strategy-runner.js';

/** The configured sample strategies, trading on live bars through the order service. */
@Module({ providers: [StrategyRunner] })
export class LiveStrategiesModule {}
