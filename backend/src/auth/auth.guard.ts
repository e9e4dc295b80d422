import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from './auth.entities';
import { AuthService } from './auth.service';
import { READ_ROLES, type Principal } from './principal';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** A request with its established principal. */
export type AuthedRequest = Request & { principal?: Principal };

/** The bearer token of a request, if any. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/**
 * Every HTTP route needs a valid bearer token and a role the route allows (default: the read
 * roles), unless marked @Public(). 401 without a valid credential, 403 with the wrong role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? READ_ROLES;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const token = bearer(req.headers.authorization);
    if (!token) throw new UnauthorizedException('Authorization: a Bearer token is required');
    const principal = await this.auth.resolve(token);
    if (!principal) throw new UnauthorizedException('Authorization: unknown, expired or revoked token');
    if (!allowed.includes(principal.role)) {
      throw new ForbiddenException(`role ${principal.role} may not ${req.method} ${req.route?.path ?? req.path}`);
    }
    req.principal = principal;
    return true;
  }
}
