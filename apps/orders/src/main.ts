import 'reflect-metadata';
import { runService } from '@gomart/transport';
import { OrdersAppModule } from './orders-app.module';

void runService('orders', OrdersAppModule);
