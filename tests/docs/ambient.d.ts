// Minimal stand-ins for packages the docs show but this repository does not install. They declare only what the
// samples in docs/*.md call, with the packages' real signatures narrowed; they are loaded by code-samples.test.ts.
declare module 'express' {
  import type { Server } from 'node:http';
  interface Response {
    status(code: number): Response;
    json(body: unknown): Response;
  }
  interface Application {
    post(path: string, handler: (request: unknown, response: Response) => unknown): Application;
    listen(port: number): Server;
  }
  export default function express(): Application;
}

declare module 'fastify' {
  import type { Server } from 'node:http';
  interface FastifyRequest {
    params: unknown;
  }
  interface FastifyInstance {
    server: Server;
    post(path: string, handler: (request: FastifyRequest) => Promise<unknown>): FastifyInstance;
    listen(options: { port: number; host?: string }): Promise<string>;
  }
  export default function Fastify(): FastifyInstance;
}

declare module 'pino' {
  interface Logger {
    info(entry: object, message?: string): void;
    warn(entry: object, message?: string): void;
    error(entry: object, message?: string): void;
  }
  export default function pino(): Logger;
}
