import { Controller, Get, Param, Redirect } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Public } from '../auth/access.decorators';
import { Actor, Caller } from '../auth/roles';
import { ApiRedirectResponse } from '../common/api-bodies';
import { ApiErrors } from '../common/api-responses';
import { ShareLinksService } from './share-links.service';

/** The link an investigator or prosecutor opens: no account, the token is the credential. */
@ApiTags('evidence packages')
@Controller('share/evidence')
export class ShareLinkController {
  constructor(private readonly links: ShareLinksService) {}

  @Get(':token')
  @Public()
  @Redirect()
  @ApiOperation({
    summary: 'Download a shared evidence package',
    description:
      'Recorded in the chain of custody of every file in the package and in the audit log, with ' +
      "the opener's address. A link that has expired, was revoked or was never issued answers 410 " +
      'alike; refused links are counted per address (429 past the limit).',
  })
  @ApiParam({ name: 'token', description: 'From the share link', schema: { type: 'string' } })
  @ApiRedirectResponse(302, 'To a presigned download of the ZIP, valid at most 5 minutes')
  @ApiErrors(410, 429)
  async open(
    @Param('token') token: string,
    @CurrentCaller() caller: Caller<Actor | null>,
  ): Promise<{ url: string; statusCode: number }> {
    return { url: await this.links.open(caller, token), statusCode: 302 };
  }
}
