import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { DEMO_INGEST_KEY } from '../config/env';

/** Accepts `Authorization: Bearer <key>` with one of INGEST_KEYS (or the demo key in demo mode). */
@Injectable()
export class IngestKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(config: ConfigService) {
    const keys = String(config.get('INGEST_KEYS') ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k.length > 0);
    if (config.get('DEMO')) keys.push(DEMO_INGEST_KEY);
    this.keys = keys.map((k) => Buffer.from(k));
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) throw new UnauthorizedException('Authorization: a Bearer ingest key is required');
    const given = Buffer.from(m[1].trim());
    const ok = this.keys.some((k) => k.length === given.length && timingSafeEqual(k, given));
    if (!ok) throw new UnauthorizedException('Authorization: unknown ingest key');
    return true;
  }
}
