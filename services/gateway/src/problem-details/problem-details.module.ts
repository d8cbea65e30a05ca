import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ProblemDetailsFilter } from './problem-details.filter.js';

/** Every error as application/problem+json (RFC 9457). */
@Module({ providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }] })
export class ProblemDetailsModule {}
