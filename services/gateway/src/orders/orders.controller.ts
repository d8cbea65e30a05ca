import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Client } from '../auth/authenticated-request.js';
import { RequireScope } from '../auth/require-scope.js';
import type { AuthenticatedClient } from '../auth/token-verifier.js';
import { ProblemResponse } from '../problem-details/problem-dto.js';
import { ORDER_SERVICE } from '../upstream/upstreams.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import { parseListLimit } from '../query/list-limit.js';
import { CancelOrderResponse, OrderRecordResponse, PlaceOrderRequest } from './order-dtos.js';
import { toOrderServiceRequest } from './order-request.js';

/** The order service's API for clients: HTTP in, one hop to the order service, its answer out. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/orders')
export class OrdersController {
  constructor(@Inject(ORDER_SERVICE) private readonly orders: UpstreamClient) {}

  @Post()
  @HttpCode(201)
  @RequireScope('orders:write')
  @ApiBody({ type: PlaceOrderRequest })
  @ApiCreatedResponse({ type: OrderRecordResponse, description: 'Taken; risk decides next (watch the stream)' })
  @ApiBadRequestResponse({ type: ProblemResponse, description: 'errors[] names each field at fault' })
  @ApiConflictResponse({ type: ProblemResponse, description: 'Duplicate clientOrderId; `order` is the existing one' })
  place(@Body() body: unknown, @Client() client: AuthenticatedClient): Promise<OrderRecordResponse> {
    const request = toOrderServiceRequest(body, client.sub, Date.now());
    if (!request.ok) throw new BadRequestException({ title: 'Invalid order', status: 400, errors: request.errors });
    return this.orders.post('/orders', request.body);
  }

  @Get()
  @RequireScope('orders:read')
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 100' })
  @ApiOkResponse({ type: [OrderRecordResponse], description: 'Newest first' })
  list(@Query('limit') limit?: string): Promise<OrderRecordResponse[]> {
    return this.orders.get(`/orders?limit=${parseListLimit(limit, 100, 500)}`);
  }

  @Get(':clientOrderId')
  @RequireScope('orders:read')
  @ApiOkResponse({ type: OrderRecordResponse })
  @ApiNotFoundResponse({ type: ProblemResponse })
  get(@Param('clientOrderId') clientOrderId: string): Promise<OrderRecordResponse> {
    return this.orders.get(`/orders/${encodeURIComponent(clientOrderId)}`);
  }

  @Delete(':clientOrderId')
  @HttpCode(202)
  @RequireScope('orders:write')
  @ApiAcceptedResponse({ type: CancelOrderResponse, description: 'The cancel is on its way to the venue' })
  @ApiNotFoundResponse({ type: ProblemResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'The order has already ended' })
  cancel(@Param('clientOrderId') clientOrderId: string): Promise<CancelOrderResponse> {
    return this.orders.post(`/orders/${encodeURIComponent(clientOrderId)}/cancel`);
  }
}
