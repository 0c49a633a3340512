export * from './catalogue';
export * from './errors';
export * from './routes';
export * from './auth';
export * from './hub';
export * from './bounded-text';
export * from './remote';
