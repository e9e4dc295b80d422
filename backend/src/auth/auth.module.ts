import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntity, SettingEntity, TokenEntity, UserEntity } from './auth.entities';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

/** Users, tokens, the global guard of every HTTP route, sign-in. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, TokenEntity, AuditEntity, SettingEntity])],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, TypeOrmModule],
})
export class AuthModule {}
