/**
 * How the BFF's edge reads its schemas, replacing Fastify's Ajv defaults (`removeAdditional:
 * true`, `coerceTypes: 'array'`), which silently dropped unknown body fields and turned "100"
 * into 100 although the protocol's schemas say otherwise.
 *
 * - Bodies and headers: no coercion, nothing removed. JSON carries its own types, so a string
 *   where the schema says integer is the client's bug, answered 400 with the field named; an
 *   unknown field is refused by the schema's `additionalProperties: false`, not dropped.
 * - Path params and query strings: scalar coercion only. On the wire they are always text, so a
 *   numeric query parameter (`?limit=20`) has to become a number to be checked at all; that is
 *   reading the URL, not guessing. No `'array'` coercion: `?a=1` stays one value.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type BuildValidator = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

const STRICT = { coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false } as const;
const FROM_URL = { ...STRICT, coerceTypes: true } as const;

const pool = AjvCompiler();

export const edgeValidatorFactory: BuildValidator = (externalSchemas, ajvOptions) => {
  const plugins = ajvOptions?.plugins ?? [];
  const strict = pool(externalSchemas, { customOptions: STRICT, plugins });
  const fromUrl = pool(externalSchemas, { customOptions: FROM_URL, plugins });
  return (route) => (route.httpPart === 'querystring' || route.httpPart === 'params' ? fromUrl : strict)(route);
};
