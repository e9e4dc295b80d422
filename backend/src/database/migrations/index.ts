import { Init1763700000000 } from './1763700000000-Init';
import { Auth1763800000000 } from './1763800000000-Auth';
import { Assessments1764600000000 } from './1764600000000-Assessments';
import { Hotspots1764700000000 } from './1764700000000-Hotspots';
import { TokenRevokedIndex1764800000000 } from './1764800000000-TokenRevokedIndex';
import { Alerts1764900000000 } from './1764900000000-Alerts';
import { DisplayName1765000000000 } from './1765000000000-DisplayName';

/** Every migration, in order. Listed explicitly (no path glob) so bundling and tests see the same set. */
export const MIGRATIONS = [
  Init1763700000000,
  Auth1763800000000,
  Assessments1764600000000,
  Hotspots1764700000000,
  TokenRevokedIndex1764800000000,
  Alerts1764900000000,
  DisplayName1765000000000,
];
