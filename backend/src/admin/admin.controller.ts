import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import type { AuthedRequest } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import { Roles } from '../auth/roles.decorator';
import type { DomainConfigPatch } from '../config/domain-config';
import { AdminService } from './admin.service';
import { CreateTokenDto } from './dto/create-token.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { DisableUserDto } from './dto/disable-user.dto';
import { ListAuditDto } from './dto/list-audit.dto';
import { RevokeTokenDto } from './dto/revoke-token.dto';

/** Users, screen tokens, ingest keys, the audit log and the domain configuration (admins only). */
@Controller('api/admin')
@Roles('admin')
export class AdminController {
  constructor(
    private readonly auth: AuthService,
    private readonly admin: AdminService,
  ) {}

  @Get('users')
  users() {
    return this.auth.listUsers();
  }

  /** `{name, password, role: leader|district|admin, districtCode?}`. */
  @Post('users')
  async createUser(@Body() body: CreateUserDto, @Req() req: AuthedRequest) {
    const { name, password, role, districtCode, displayName } = body;
    const { passwordHash: _h, ...user } = await this.auth.createUser(
      name,
      password,
      role,
      districtCode ?? null,
      req.principal!.name,
      displayName ?? null,
    );
    return user;
  }

  @Delete('users/:id')
  @HttpCode(204)
  disableUser(@Param() { id }: DisableUserDto, @Req() req: AuthedRequest) {
    return this.auth.disableUser(id, req.principal!.name);
  }

  @Get('tokens')
  tokens() {
    return this.auth.listTokens();
  }

  /** `{kind: screen|ingest, label}` → the token, shown once. */
  @Post('tokens')
  createToken(@Body() { kind, label }: CreateTokenDto, @Req() req: AuthedRequest) {
    return this.auth.createToken(kind, label, req.principal!.name);
  }

  @Post('tokens/:id/revoke')
  @HttpCode(204)
  revoke(@Param() { id }: RevokeTokenDto, @Req() req: AuthedRequest) {
    return this.auth.revoke(id, req.principal!.name);
  }

  @Get('audit')
  audit(@Query() { limit }: ListAuditDto) {
    return this.auth.auditLog(limit);
  }

  @Get('config')
  config() {
    return this.admin.current();
  }

  /**
   * A partial configuration; stored and applied (time limits refold every case). Its rules
   * (every field, bounds, weights summing to 1 once merged over the configuration in force) are
   * `validateDomainConfig`'s, the one validation the CLI and DOMAIN_CONFIG_FILE pass too, so the
   * body is not a DTO class and the global pipe hands it on as it came.
   */
  @Put('config')
  updateConfig(@Body() patch: DomainConfigPatch, @Req() req: AuthedRequest) {
    return this.admin.update(patch, req.principal!.name);
  }
}
