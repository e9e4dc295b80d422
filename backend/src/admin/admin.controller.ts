import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import type { AuthedRequest } from '../auth/auth.guard';
import type { Role } from '../auth/auth.entities';
import { AuthService } from '../auth/auth.service';
import { Roles } from '../auth/roles.decorator';
import { AdminService } from './admin.service';

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

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
  async createUser(@Body() body: unknown, @Req() req: AuthedRequest) {
    const [name, password, role, districtCode] = ['name', 'password', 'role', 'districtCode'].map((k) =>
      field(body, k),
    );
    if (typeof name !== 'string') throw new BadRequestException('name: is required');
    if (typeof password !== 'string') throw new BadRequestException('password: is required');
    if (typeof role !== 'string') throw new BadRequestException('role: is required');
    if (districtCode !== undefined && typeof districtCode !== 'string')
      throw new BadRequestException('districtCode: must be a string');
    const { passwordHash: _h, ...user } = await this.auth.createUser(
      name,
      password,
      role as Role,
      (districtCode as string) ?? null,
      req.principal!.name,
    );
    return user;
  }

  @Delete('users/:id')
  @HttpCode(204)
  disableUser(@Param('id') id: string, @Req() req: AuthedRequest) {
    return this.auth.disableUser(id, req.principal!.name);
  }

  @Get('tokens')
  tokens() {
    return this.auth.listTokens();
  }

  /** `{kind: screen|ingest, label}` → the token, shown once. */
  @Post('tokens')
  createToken(@Body() body: unknown, @Req() req: AuthedRequest) {
    const kind = field(body, 'kind');
    const label = field(body, 'label');
    if (kind !== 'screen' && kind !== 'ingest') throw new BadRequestException('kind: must be screen or ingest');
    if (typeof label !== 'string') throw new BadRequestException('label: is required');
    return this.auth.createToken(kind, label, req.principal!.name);
  }

  @Post('tokens/:id/revoke')
  @HttpCode(204)
  revoke(@Param('id') id: string, @Req() req: AuthedRequest) {
    return this.auth.revoke(id, req.principal!.name);
  }

  @Get('audit')
  audit(@Query('limit') limit?: string) {
    return this.auth.auditLog(limit ? Number(limit) : 200);
  }

  @Get('config')
  config() {
    return this.admin.current();
  }

  /** A partial configuration; validated, stored, applied (time limits refold every case). */
  @Put('config')
  updateConfig(@Body() body: unknown, @Req() req: AuthedRequest) {
    return this.admin.update(body, req.principal!.name);
  }
}
