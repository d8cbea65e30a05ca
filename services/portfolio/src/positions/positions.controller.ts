import { Controller, Get } from '@nestjs/common';
import type { AccountSnapshot } from '@tradeforge/core';
import { PortfolioKeeper } from './portfolio-keeper.js';

/** Positions, cash, equity and PnL of the account, as of now. */
@Controller()
export class PositionsController {
  constructor(private readonly keeper: PortfolioKeeper) {}

  @Get('account')
  account(): AccountSnapshot {
    return this.keeper.snapshot();
  }

  @Get('positions')
  positions(): AccountSnapshot['positions'] {
    return this.keeper.snapshot().positions;
  }
}
