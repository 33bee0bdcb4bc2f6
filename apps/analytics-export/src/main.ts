import 'reflect-metadata';
import { runService } from '@gomart/transport';
import { AnalyticsExportAppModule } from './analytics-export-app.module';

void runService('analytics-export', AnalyticsExportAppModule);
