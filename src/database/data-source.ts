import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`npm run migration:generate`); the app builds its own from AppConfig. */
const config = AppConfig.fromEnv();
export default new DataSource(dataSourceOptions(config.database.url));
