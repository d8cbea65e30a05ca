import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * The gateway's OpenAPI document from its controllers' decorators, with Swagger UI at /api/docs
 * and the JSON at /api/docs-json. Both are open: they describe the API, the token guards it.
 */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('TradeForge gateway')
    .setDescription(
      'Orders, positions, PnL and the kill switch. Every /api route needs `Authorization: Bearer <JWT>` ' +
        '(`npm run token`); errors are application/problem+json. Live updates: WebSocket /api/stream?token=<JWT>.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
  });
}
