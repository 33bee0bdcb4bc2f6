import 'reflect-metadata';
import { runService } from '@gomart/transport';
import { NotificationsAppModule } from './notifications-app.module';

void runService('notifications', NotificationsAppModule);
