import { Module } from '@nestjs/common';
import { PaperBroker } from './paper-broker.js';

/** The paper venue: approved orders fill against market data with fees and slippage. */
@Module({ providers: [PaperBroker] })
export class PaperBrokerModule {}
