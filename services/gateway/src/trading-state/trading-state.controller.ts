import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.js';
import { ProblemResponse } from '../problem-details/problem-dto.js';
import { RISK_SERVICE } from '../upstream/upstreams.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';

const STATES = ['ACTIVE', 'REDUCING', 'HALTED'];

class TradingStateResponse {
  @ApiProperty({ enum: STATES }) state!: string;
}

class SetTradingStateRequest {
  @ApiProperty({ enum: STATES, description: 'HALTED is the kill switch: new orders are denied, cancels pass' })
  state!: string;
  @ApiPropertyOptional({ example: 'end of day' }) reason?: string;
}

/** The kill switch, owned by the risk service: read with orders:read, change with trading:admin. */
@ApiTags('trading-state')
@ApiBearerAuth()
@Controller('api/trading-state')
export class TradingStateController {
  constructor(@Inject(RISK_SERVICE) private readonly risk: UpstreamClient) {}

  @Get()
  @RequireScope('orders:read')
  @ApiOkResponse({ type: TradingStateResponse })
  get(): Promise<TradingStateResponse> {
    return this.risk.get('/trading-state');
  }

  /** The risk service validates the state and answers 400 naming `state`. */
  @Put()
  @RequireScope('trading:admin')
  @ApiBody({ type: SetTradingStateRequest })
  @ApiOkResponse({ type: TradingStateResponse })
  @ApiBadRequestResponse({ type: ProblemResponse })
  set(@Body() body: unknown): Promise<TradingStateResponse> {
    return this.risk.put('/trading-state', body ?? {});
  }
}
