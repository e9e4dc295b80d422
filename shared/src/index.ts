export * from './domain';
export * from './events';
export * from './metrics';
export * from './socket';
export * from './time';
export * from './auth';
export * from './rooms';
export * from './labels';
