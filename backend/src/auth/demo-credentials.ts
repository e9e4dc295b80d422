import type { Role } from './auth.entities';

/** The fixed wall token of demo mode (documented in the README; never valid outside demo mode). */
export const DEMO_WALL_TOKEN = 'demo-wall-token';

/**
 * Demo users created on the first demo start (documented in the README). Their passwords are
 * public: outside demo mode they sign no one in, even when such a user exists in the database.
 */
export const DEMO_USERS: {
  name: string;
  password: string;
  role: Role;
  districtCode?: string;
  displayName: string;
}[] = [
  { name: 'admin', password: 'admin-demo', role: 'admin', displayName: '系统管理员' },
  { name: 'leader', password: 'leader-demo', role: 'leader', displayName: '王主任（市指挥中心）' },
  {
    name: 'zhongyuan',
    password: 'district-demo',
    role: 'district',
    districtCode: '410102',
    displayName: '张主任（中原区）',
  },
  {
    name: 'jinshui',
    password: 'district-demo',
    role: 'district',
    districtCode: '410105',
    displayName: '李主任（金水区）',
  },
];

/** True when `name` / `password` is one of the published demo sign-ins. */
export function isDemoPassword(name: string, password: string): boolean {
  return DEMO_USERS.some((u) => u.name === name && u.password === password);
}
