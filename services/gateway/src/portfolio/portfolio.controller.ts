import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.js';
import { parseListLimit } from '../query/list-limit.js';
import { RecentActivity } from '../stream/recent-activity.js';
import { PORTFOLIO_SERVICE } from '../upstream/upstreams.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import { AccountResponse, EquitySampleResponse, FillResponse, PositionResponse } from './portfolio-dtos.js';

/** Positions and the account from the portfolio service; the equity curve and fills as the gateway saw them stream by. */
@ApiTags('portfolio')
@ApiBearerAuth()
@RequireScope('orders:read')
@Controller('api')
export class PortfolioController {
  constructor(
    @Inject(PORTFOLIO_SERVICE) private readonly portfolio: UpstreamClient,
    private readonly activity: RecentActivity,
  ) {}

  @Get('positions')
  @ApiOkResponse({ type: [PositionResponse] })
  positions(): Promise<PositionResponse[]> {
    return this.portfolio.get('/positions');
  }

  @Get('account')
  @ApiOkResponse({ type: AccountResponse })
  account(): Promise<AccountResponse> {
    return this.portfolio.get('/account');
  }

  @Get('equity')
  @ApiOkResponse({
    type: [EquitySampleResponse],
    description: 'Recent samples, oldest first (one per account snapshot)',
  })
  equity(): EquitySampleResponse[] {
    return this.activity.equitySamples();
  }

  @Get('fills')
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 100' })
  @ApiOkResponse({ type: [FillResponse], description: 'Recent fills, newest first' })
  fills(@Query('limit') limit?: string): FillResponse[] {
    return this.activity.recentFills(parseListLimit(limit, 100, 500));
  }
}
