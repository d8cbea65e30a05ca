import { Module } from '@nestjs/common';
import { SyntheticFeed } from './synthetic-feed.js';

/** Market data onto the bus: seeded synthetic bars (CSV and venue feeds later). */
@Module({ providers: [SyntheticFeed], exports: [SyntheticFeed] })
export class ReplayModule {}
