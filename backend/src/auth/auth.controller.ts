import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { AuthedRequest } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import type { Principal } from './principal';
import { Public, Roles } from './roles.decorator';

/** Sign-in for people (leaders, district heads, admins). */
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** `{name, password}` → a session token for 12 hours. Rate-limited: 5 failures per 5 minutes. */
  @Post('login')
  @Public()
  @HttpCode(200)
  login(@Body() { name, password }: LoginDto, @Req() req: AuthedRequest) {
    return this.auth.login(name, password, req.ip ?? 'unknown');
  }

  /** Ends this session. */
  @Post('logout')
  @Roles('leader', 'district', 'admin')
  @HttpCode(204)
  async logout(@Req() req: AuthedRequest): Promise<void> {
    await this.auth.logout(req.principal!);
  }

  /** Who the token belongs to. */
  @Get('me')
  @Roles('wall', 'leader', 'district', 'admin', 'ingest')
  me(@Req() req: AuthedRequest): Omit<Principal, 'tokenId'> {
    const { tokenId: _t, ...rest } = req.principal!;
    return rest;
  }
}
