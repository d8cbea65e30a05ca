import { BadRequestException, Body, Controller, Get, Put } from '@nestjs/common';
import { TradingState } from '@tradeforge/core';
import { RiskGate } from './risk-gate.js';

const STATES = Object.values(TradingState);

/** The kill switch: read or set ACTIVE / REDUCING / HALTED. Cancels pass in every state. */
@Controller('trading-state')
export class TradingStateController {
  constructor(private readonly gate: RiskGate) {}

  @Get()
  get(): { state: TradingState } {
    return { state: this.gate.tradingState };
  }

  @Put()
  async set(@Body() body: { state?: unknown; reason?: unknown } | undefined): Promise<{ state: TradingState }> {
    const state = body?.state;
    if (typeof state !== 'string' || !STATES.includes(state as TradingState)) {
      throw new BadRequestException({
        title: 'Invalid trading state',
        status: 400,
        errors: [{ field: 'state', message: `must be one of ${STATES.join(', ')}, got ${JSON.stringify(state)}` }],
      });
    }
    const reason = typeof body?.reason === 'string' && body.reason.trim() ? body.reason : 'set by an operator';
    await this.gate.setTradingState(state as TradingState, reason);
    return { state: this.gate.tradingState };
  }
}
