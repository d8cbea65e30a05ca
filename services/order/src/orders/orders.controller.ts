import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import type { OrderRecord } from '@tradeforge/persistence';
import { OrderService } from './order-service.js';
import { toSubmitCommand } from './order-submission.js';

/** Most orders one list request returns. */
const MAX_LIST_LIMIT = 500;

/** HTTP in, calls out: validation and status codes here, every rule in the service and core. */
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrderService) {}

  /** 201 with the order; 400 naming the fields at fault; 409 when the client order id is taken. */
  @Post()
  @HttpCode(201)
  async place(@Body() body: unknown): Promise<OrderRecord> {
    const submission = toSubmitCommand(body, Date.now());
    if (!submission.ok) {
      throw new BadRequestException({ title: 'Invalid order', status: 400, errors: submission.errors });
    }
    const result = await this.orders.place(submission.command);
    if (result.outcome === 'duplicate') {
      throw new ConflictException({
        title: 'Duplicate client order id',
        status: 409,
        detail: `an order with clientOrderId "${submission.command.clientOrderId}" exists; it was not placed again`,
        order: result.order,
      });
    }
    return result.order;
  }

  /** Newest first; `limit` 1–500, default 100. */
  @Get()
  async list(@Query('limit') limit?: string): Promise<OrderRecord[]> {
    if (limit === undefined) return this.orders.list();
    const parsed = Number(limit);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > MAX_LIST_LIMIT) {
      throw new BadRequestException({
        title: 'Invalid query',
        status: 400,
        errors: [
          { field: 'limit', message: `must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${JSON.stringify(limit)}` },
        ],
      });
    }
    return this.orders.list(parsed);
  }

  @Get(':clientOrderId')
  async get(@Param('clientOrderId') clientOrderId: string): Promise<OrderRecord> {
    const order = await this.orders.get(clientOrderId);
    if (!order) throw notFound(clientOrderId);
    return order;
  }

  /**
   * 202: the cancel is on its way to the venue (`status` PENDING_CANCEL; asking again changes
   * nothing); 404 unknown order; 409 when the order has already ended.
   */
  @Post(':clientOrderId/cancel')
  @HttpCode(202)
  async cancel(@Param('clientOrderId') clientOrderId: string): Promise<{ clientOrderId: string; status: string }> {
    const result = await this.orders.cancel(clientOrderId, Date.now());
    if (result.outcome === 'not-found') throw notFound(clientOrderId);
    if (result.outcome === 'terminal') {
      throw new ConflictException({
        title: 'Order already ended',
        status: 409,
        detail: `order "${clientOrderId}" is ${result.order.status}; there is nothing to cancel`,
        order: result.order,
      });
    }
    return { clientOrderId, status: result.order.status };
  }
}

function notFound(clientOrderId: string): NotFoundException {
  return new NotFoundException({ title: 'Order not found', status: 404, detail: `no order "${clientOrderId}"` });
}
