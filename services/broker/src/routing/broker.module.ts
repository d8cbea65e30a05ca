import { Module } from '@nestjs/common';
import { BrokerService } from './broker.service.js';

/** Routes approved orders to their instrument's venue: paper, or an enabled real venue. */
@Module({ providers: [BrokerService] })
export class BrokerModule {}
