import 'reflect-metadata';
import { Module, Controller, Get } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { hello } from '@gomart/config';

@Controller()
class C { @Get() get() { return { hello: hello() }; } }
@Module({ controllers: [C] })
class M {}
async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(M, new FastifyAdapter());
  await app.listen(3999, '127.0.0.1');
  console.log('up');
}
void main();
