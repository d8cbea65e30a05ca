import { Module } from '@nestjs/common';
import { BROKER_SETTINGS, platformBrokerSettings } from './broker-settings.js';
import { BrokerService } from './broker.service.js';

/** Routes approved orders to their instrument's venue: paper, or an enabled real venue. */
@Module({ providers: [BrokerService, { provide: BROKER_SETTINGS, useFactory: platformBrokerSettings }] })
export class BrokerModule {}
