import { Module } from '@nestjs/common';
import { OrdersController } from './orders.controller.js';
import { OrderService } from './order-service.js';

/** The order management system: orders API, persistence with outbox, risk decisions applied. */
@Module({ controllers: [OrdersController], providers: [OrderService], exports: [OrderService] })
export class OrdersModule {}
