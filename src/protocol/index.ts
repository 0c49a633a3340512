export * from './catalogue';
export * from './errors';
export * from './routes';
export * from './queue';
export * from './search';
