import { Controller, Get, Header, NotFoundException, Param, StreamableFile } from '@nestjs/common';
import { DashboardAssets } from './dashboard-assets.js';

/**
 * Serves the dashboard's static files under /dashboard/. No token is needed for these: the page
 * asks the user for one and sends it with every API call and on the stream. The page links its
 * files by absolute path, so /dashboard and /dashboard/ both serve it.
 */
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly assets: DashboardAssets) {}

  @Get()
  @Header('cache-control', 'no-cache')
  index(): Promise<StreamableFile> {
    return this.send('index.html');
  }

  @Get(':name')
  @Header('cache-control', 'no-cache')
  @Header('x-content-type-options', 'nosniff')
  file(@Param('name') name: string): Promise<StreamableFile> {
    return this.send(name);
  }

  private async send(name: string): Promise<StreamableFile> {
    const asset = await this.assets.get(name);
    if (!asset) {
      throw new NotFoundException({ title: 'Not found', status: 404, detail: `the dashboard has no file "${name}"` });
    }
    return new StreamableFile(asset.body, { type: asset.contentType, length: asset.body.length });
  }
}
