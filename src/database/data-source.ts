import { DataSource } from 'typeorm';
import { databaseUrlFromEnv } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`npm run migration:generate`); it needs only DATABASE_URL. */
export default new DataSource(dataSourceOptions(databaseUrlFromEnv()));
