import 'reflect-metadata';
import { runService } from '@gomart/transport';
import { CatalogAppModule } from './catalog-app.module';

void runService('catalog', CatalogAppModule);
