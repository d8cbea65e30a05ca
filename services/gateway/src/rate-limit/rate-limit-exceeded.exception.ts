import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 with the seconds until the client's next request is allowed (sent as Retry-After). */
export class RateLimitExceededException extends HttpException {
  constructor(
    client: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      {
        title: 'Too many requests',
        status: HttpStatus.TOO_MANY_REQUESTS,
        detail: `client "${client}" is over its request rate; retry after ${retryAfterSeconds} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
