import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// OpenAPI shapes of the orders API (documentation only: requests are validated by core's
// contracts in order-request.ts, answers come from the order service as they are).

const SIDES = ['BUY', 'SELL'];
const TYPES = ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT'];
const TIME_IN_FORCE = ['GTC', 'IOC', 'FOK', 'GTD'];

export class PlaceOrderRequest {
  @ApiPropertyOptional({
    description: 'Your id for the order; the gateway makes one when absent. A repeat is a 409.',
    maxLength: 128,
  })
  clientOrderId?: string;

  @ApiProperty({ example: 'BTCUSDT.paper' })
  instrumentId!: string;

  @ApiProperty({ enum: SIDES })
  side!: string;

  @ApiProperty({ enum: TYPES })
  type!: string;

  @ApiProperty({ example: 0.01, exclusiveMinimum: true, minimum: 0 })
  quantity!: number;

  @ApiPropertyOptional({ description: 'Limit price (LIMIT, STOP_LIMIT)', example: 64000 })
  price?: number;

  @ApiPropertyOptional({ description: 'Trigger price (STOP, STOP_LIMIT)' })
  triggerPrice?: number;

  @ApiPropertyOptional({ enum: TIME_IN_FORCE, default: 'GTC' })
  timeInForce?: string;

  @ApiPropertyOptional({ description: 'Expiry, ms since the epoch (GTD)' })
  expireAt?: number;
}

export class OrderRecordResponse {
  @ApiProperty() clientOrderId!: string;
  @ApiProperty() accountId!: string;
  @ApiProperty({ description: "The token's sub for orders placed through the gateway" }) strategyId!: string;
  @ApiProperty() instrumentId!: string;
  @ApiProperty() venue!: string;
  @ApiProperty({ enum: SIDES }) side!: string;
  @ApiProperty({ enum: TYPES }) orderType!: string;
  @ApiProperty({ enum: TIME_IN_FORCE }) timeInForce!: string;
  @ApiProperty() quantity!: number;
  @ApiPropertyOptional() price?: number;
  @ApiPropertyOptional() triggerPrice?: number;
  @ApiProperty({
    example: 'SUBMITTED',
    description:
      'INITIALIZED, SUBMITTED, ACCEPTED, PARTIALLY_FILLED, FILLED, PENDING_CANCEL, CANCELED, DENIED, REJECTED, EXPIRED, UNKNOWN',
  })
  status!: string;
  @ApiProperty() filledQuantity!: number;
  @ApiPropertyOptional() averagePrice?: number;
  @ApiPropertyOptional() venueOrderId?: string;
  @ApiProperty({ description: 'Events applied so far' }) version!: number;
  @ApiProperty({ description: 'ms since the epoch' }) createdAt!: number;
  @ApiProperty({ description: 'ms since the epoch' }) updatedAt!: number;
}

export class CancelOrderResponse {
  @ApiProperty() clientOrderId!: string;
  @ApiProperty({ example: 'PENDING_CANCEL' }) status!: string;
}
