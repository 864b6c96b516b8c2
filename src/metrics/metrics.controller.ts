import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { ApiErrors } from '../common/api-responses';
import { MetricsService } from './metrics.service';
import { MetricsTokenGuard } from './metrics-token.guard';

/**
 * Prometheus scrape endpoint: counters and timings only, nothing about people. No user signs in
 * here: the scraper's own token (METRICS_TOKEN) is checked instead of a user's.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Public()
  @UseGuards(MetricsTokenGuard)
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOkResponse({
    description: 'Prometheus text exposition format; the bearer token is METRICS_TOKEN',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrors(401)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
