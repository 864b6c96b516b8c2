import 'reflect-metadata';
import { loadConfigOrExit } from './process-lifecycle';

const config = loadConfigOrExit();
// The application is loaded once its configuration holds: a bad setting stops the process at once.
void import('./api-process.js').then(({ runApi }) => runApi(config));
