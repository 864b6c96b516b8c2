import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { useNamedStatements } from '../common/persistence/prepared-query';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        useNamedStatements(config.database.namedStatements);
        return dataSourceOptions(config.database.url, config.database.poolSize);
      },
    }),
  ],
})
export class DatabaseModule {}
