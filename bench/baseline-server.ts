import Fastify from 'fastify';

/**
 * The machine's limit: bare Fastify answering a hello-world JSON, no logging, no hooks. Every
 * scenario's throughput is reported as a ratio to this server, measured in the same run.
 */
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

void app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
