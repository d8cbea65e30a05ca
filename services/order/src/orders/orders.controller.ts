import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  BadRequestException,
} from '@nestjs/common';
import type { OrderRecord } from '@tradeforge/persistence';
import { OrderService } from './order-service.js';
import { toSubmitCommand } from './order-submission.js';

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

  @Get()
  async list(): Promise<OrderRecord[]> {
    return this.orders.list();
  }

  @Get(':clientOrderId')
  async get(@Param('clientOrderId') clientOrderId: string): Promise<OrderRecord> {
    const order = await this.orders.get(clientOrderId);
    if (!order)
      throw new NotFoundException({ title: 'Order not found', status: 404, detail: `no order "${clientOrderId}"` });
    return order;
  }
}
