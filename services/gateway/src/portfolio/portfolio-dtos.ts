import { ApiProperty } from '@nestjs/swagger';

// OpenAPI shapes of the portfolio routes (documentation only: the portfolio service's
// AccountSnapshot and the fills and equity samples the gateway keeps pass through as they are).

export class PositionResponse {
  @ApiProperty({ example: 'BTCUSDT.paper' }) instrumentId!: string;
  @ApiProperty({ description: 'Signed: negative is short' }) quantity!: number;
  @ApiProperty() averagePrice!: number;
  @ApiProperty() markPrice!: number;
  @ApiProperty() realizedPnl!: number;
  @ApiProperty() unrealizedPnl!: number;
  @ApiProperty() fees!: number;
}

export class AccountResponse {
  @ApiProperty({ example: 'USDT' }) currency!: string;
  @ApiProperty() cash!: number;
  @ApiProperty() equity!: number;
  @ApiProperty() realizedPnl!: number;
  @ApiProperty() unrealizedPnl!: number;
  @ApiProperty() fees!: number;
  @ApiProperty() grossExposure!: number;
  @ApiProperty({ type: [PositionResponse] }) positions!: PositionResponse[];
  @ApiProperty({ description: 'ms since the epoch' }) ts!: number;
}

export class EquitySampleResponse {
  @ApiProperty({ description: 'ms since the epoch' }) ts!: number;
  @ApiProperty() equity!: number;
}

export class FillResponse {
  @ApiProperty({ example: 'order.filled' }) type!: string;
  @ApiProperty() clientOrderId!: string;
  @ApiProperty() strategyId!: string;
  @ApiProperty() instrumentId!: string;
  @ApiProperty() venue!: string;
  @ApiProperty() tradeId!: string;
  @ApiProperty() venueOrderId!: string;
  @ApiProperty({ enum: ['BUY', 'SELL'] }) side!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() price!: number;
  @ApiProperty() fee!: number;
  @ApiProperty({ enum: ['MAKER', 'TAKER'] }) liquidity!: string;
  @ApiProperty({ description: 'ms since the epoch' }) ts!: number;
}
