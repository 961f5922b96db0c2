export * from './errors.js';
export * from './events.js';
export * from './info.js';
export * from './messages.js';
export * from './routes.js';
