// PostGraphile 5 (amber preset + connection filter) on the benchmark
// database, as the peer the service is compared with. Run by the harness
// with Node 22 from the folder it installed PostGraphile into (the harness
// copies this file there, so the imports below resolve from that folder).
//
// Environment: PORT, DATABASE_URL. The pool holds 10 connections, as the
// service's and the floor's do. GET /health answers 200 once the schema is
// built.

import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public'],
      poolConfig: { max: 10 },
    }),
  ],
  // Every column may order a list (talks, speakers, hosts and sponsors by
  // position), not only indexed ones.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
// Builds the schema now, so the first request is not the one that pays for it.
await pgl.getSchema();
const handler = serv.createHandler();
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  handler(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 4200), '127.0.0.1');

const stop = () => {
  server.close(() => {
    pgl.release().finally(() => process.exit(0));
  });
  setInterval(() => server.closeIdleConnections(), 50).unref();
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
