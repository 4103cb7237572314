/**
 * CORS: which browser applications on other origins may call the API. An origin on the allow-list
 * (`CORS_ORIGINS`; in development any local one) gets the headers a browser needs, for its
 * preflight and its requests; any other gets none, so its browser refuses to hand it the answer.
 * Requests without an Origin (servers, curl, agencies' systems) are not concerned.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';
import type { Config } from '../config/config.js';

const LOCAL = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export function allowedOrigin(config: Config, origin: string): boolean {
  const { origins, localInDevelopment } = config.cors;
  return origins.includes('*') || origins.includes(origin) || (localInDevelopment && LOCAL.test(origin));
}

export function corsMiddleware(config: Config): RequestHandler {
  return cors({
    origin: (origin, done) => done(null, origin ? allowedOrigin(config, origin) : false),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: [
      'content-type',
      'authorization',
      'x-api-key',
      'x-request-id',
      'apollo-require-preflight',
      'apollographql-client-name',
      'apollographql-client-version',
    ],
    exposedHeaders: ['x-request-id', 'retry-after', 'content-disposition'],
    // tokens travel in the authorization header, never in cookies
    credentials: false,
    maxAge: 600,
  });
}
