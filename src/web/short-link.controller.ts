import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access.decorators';
import { alertIdOfCode } from '../sms/alert-link';

/**
 * The short links texts carry (`/a/<code>`): each leads to its alert on the police console, which
 * asks for sign-in first. The code names nothing and reveals nothing without the console.
 */
@Controller()
export class ShortLinkController {
  @Get('a/:code')
  @Public()
  @ApiExcludeEndpoint()
  alert(@Param('code') code: string, @Res() res: Response): void {
    const alertId = alertIdOfCode(code);
    if (!alertId) throw new NotFoundException('No such link');
    res.redirect(302, `/police?alert=${alertId}`);
  }
}
