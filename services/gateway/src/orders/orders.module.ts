import { Module } from '@nestjs/common';
import { OrdersController } from './orders.controller.js';

/** Place, list, read and cancel orders (the order service behind it). */
@Module({ controllers: [OrdersController] })
export class OrdersModule {}
