export { consoleRoutes, consoleDirectory } from './console.routes';
