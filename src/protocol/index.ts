export * from './catalogue';
export * from './errors';
export * from './routes';
export * from './auth';
export * from './hub';
export * from './library';
export * from './playlist-operations';
export * from './bounded-text';
