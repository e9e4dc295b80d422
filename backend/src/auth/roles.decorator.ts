import { SetMetadata } from '@nestjs/common';
import type { Role } from './auth.entities';

export const ROLES_KEY = 'gridwall:roles';
export const PUBLIC_KEY = 'gridwall:public';

/** The roles allowed on a controller or handler (default: the read roles). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No credential needed (health, sign-in, metrics). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
