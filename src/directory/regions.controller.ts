import { Controller, Get } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Repository } from 'typeorm';
import { Roles } from '../auth/access.decorators';
import { ROLES } from '../auth/roles';
import { PageView } from '../common/page-view';
import { Page } from '../common/pagination';
import { RegionView } from './directory.views';
import { Region } from './region.entity';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/regions')
export class RegionsController {
  constructor(@InjectRepository(Region) private readonly regions: Repository<Region>) {}

  /** The 17 regions and 3 cities of republican significance: a short, fixed list in one page. */
  @Get()
  @Roles(...ROLES)
  @ApiOkResponse({ type: PageView(RegionView, 'RegionPage'), description: 'By code' })
  async list(): Promise<Page<RegionView>> {
    return { items: await this.regions.find({ order: { code: 'ASC' } }), nextCursor: null };
  }
}
