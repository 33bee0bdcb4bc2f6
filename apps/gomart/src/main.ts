import 'reflect-metadata';
import { runHttpApp } from '@gomart/http';
import { GomartModule } from './gomart.module';

void runHttpApp('gomart', GomartModule);
